import Foundation
import Testing

/// The release archive (`scripts/package`) runs where nothing was built: a bare Debian root made
/// by `debootstrap --variant=minbase` (no Swift, no -dev package), and `install.sh` installs it
/// only when its checksum matches.
@Suite(.serialized) struct PackageTests {
    /// The archive and its checksum file, made once from the release build the tests share.
    static let archive: Result<URL, Failure> = {
        _ = ReleaseBinary.url
        guard let made = try? ChildProcess.tool(["scripts/package", "--scratch-path", ReleaseBinary.scratch.path], in: Fixtures.packageRoot),
              made.status == 0, let line = made.stdout.split(separator: "\n").last else {
            return .failure(Failure(description: "scripts/package failed"))
        }
        return .success(Fixtures.packageRoot.appendingPathComponent(String(line)))
    }()

    /// A minimal Debian root, made once and kept with the build.
    static let root: Result<URL, Failure> = {
        let root = Fixtures.packageRoot.appendingPathComponent(".build-debootstrap/minbase")
        if FileManager.default.fileExists(atPath: root.appendingPathComponent("usr/bin/dpkg").path) { return .success(root) }
        try? FileManager.default.removeItem(at: root)
        let release = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8))?.split(separator: "\n")
            .first { $0.hasPrefix("VERSION_CODENAME=") }.map { String($0.dropFirst("VERSION_CODENAME=".count)) } ?? "bookworm"
        guard let made = try? ChildProcess.tool(["debootstrap", "--variant=minbase", release, root.path, "http://deb.debian.org/debian"]),
              made.status == 0 else {
            return .failure(Failure(description: "debootstrap failed"))
        }
        return .success(root)
    }()

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    @Test func theArchiveRunsInABareDebianRoot() throws {
        let archive = try Self.archive.get()
        let root = try Self.root.get()
        // Nothing the build needs is in the root.
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("usr/bin/swift").path))
        let packages = try ChildProcess.tool(["chroot", root.path, "dpkg-query", "-W", "-f", "${Package}\\n"])
        #expect(!packages.stdout.split(separator: "\n").contains { $0.hasSuffix("-dev") || $0.hasPrefix("libxml2") || $0.hasPrefix("libicu") },
                "\(packages.stdout)")

        let opt = root.appendingPathComponent("opt/postlint-test")
        try? FileManager.default.removeItem(at: opt)
        try FileManager.default.createDirectory(at: opt, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: opt) }
        #expect(try ChildProcess.tool(["tar", "-xzf", archive.path, "-C", opt.path, "--strip-components=1"]).status == 0)
        try FileManager.default.copyItem(at: Fixtures.samples, to: opt.appendingPathComponent("samples"))
        // The binary finds its libraries from its own place ($ORIGIN), which needs /proc, as on any system.
        #expect(try ChildProcess.tool(["mount", "-t", "proc", "proc", root.appendingPathComponent("proc").path]).status == 0)
        defer { _ = try? ChildProcess.tool(["umount", root.appendingPathComponent("proc").path]) }
        func inRoot(_ script: String) throws -> CommandResult {
            try ChildProcess.tool(["chroot", root.path, "/bin/sh", "-c", "cd /opt/postlint-test && " + script])
        }
        let check = try inRoot("bin/postlint check samples/clean")
        #expect(check.status == 0 && check.stdout.hasSuffix("2 files checked: no problems\n"), "\(check.stdout)\(check.stderr)")
        let broken = try inRoot("bin/postlint check samples/broken")
        #expect(broken.status == 1 && broken.stdout.contains("[PL105/front-matter-duplicate-key]"), "\(broken.stdout)\(broken.stderr)")
        let fix = try inRoot("cp -R samples/broken fixed && bin/postlint fix fixed; bin/postlint fix --check fixed")
        #expect(fix.stdout.contains("fixed") || fix.stderr.contains("fixed"), "\(fix.stdout)\(fix.stderr)")
        #expect(fix.status == 0, "after fix, fix --check finds nothing more to fix: \(fix.stdout)\(fix.stderr)")
        let epub = try inRoot("bin/postlint convert --to epub -o book.epub samples/clean && test -s book.epub")
        #expect(epub.status == 0, "\(epub.stdout)\(epub.stderr)")
        let man = try inRoot("test -s share/man/man1/postlint.1 && test -s share/bash-completion/completions/postlint")
        #expect(man.status == 0)
    }

    @Test func installShChecksTheChecksumAndLinksThePostlintItInstalls() throws {
        let archive = try Self.archive.get()
        let home = try TemporaryFolder()
        let installed = try ChildProcess.tool(["sh", "install.sh", archive.path], in: Fixtures.packageRoot, environment: ["HOME": home.url.path])
        #expect(installed.status == 0, "\(installed.stdout)\(installed.stderr)")
        let postlint = home.url.appendingPathComponent(".local/bin/postlint")
        let check = try ChildProcess.run(postlint, ["check", Fixtures.samples.appendingPathComponent("clean").path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(FileManager.default.fileExists(atPath: home.url.appendingPathComponent(".local/share/man/man1/postlint.1").path))

        // A tampered archive is refused and nothing is installed.
        let other = try TemporaryFolder()
        let copy = other.url.appendingPathComponent(archive.lastPathComponent)
        var bytes = try Data(contentsOf: archive)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: copy)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: archive.path + ".sha256"), to: URL(fileURLWithPath: copy.path + ".sha256"))
        let refused = try ChildProcess.tool(["sh", "install.sh", copy.path], in: Fixtures.packageRoot, environment: ["HOME": other.url.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("does not match its checksum"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: other.url.appendingPathComponent(".local/bin/postlint").path))
    }
}
