// The libFuzzer driver, built only with POSTLINT_FUZZ=1 and -sanitize=fuzzer (scripts/fuzz).
// POSTLINT_FUZZ_TARGET picks the invariant to check; a broken one aborts, so libFuzzer keeps
// the input as a finding.
import CLibFuzzer
import Foundation
import PostlintInvariants

nonisolated(unsafe) private var invariant = Invariant.parse

@main
struct FuzzMain {
    static func main() {
        let name = ProcessInfo.processInfo.environment["POSTLINT_FUZZ_TARGET"] ?? "parse"
        guard let chosen = Invariant(rawValue: name) else {
            fail("POSTLINT_FUZZ_TARGET must be one of \(Invariant.allCases.map(\.rawValue).joined(separator: ", ")), not \(name)")
        }
        invariant = chosen
        var argc = CommandLine.argc
        var argv = Optional(CommandLine.unsafeArgv)
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
            if let violation = invariant.violation(bytes) { fail("invariant \(invariant.rawValue) broken: \(violation)") }
            return 0
        })
    }
}

private func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("\(message)\n".utf8))
    abort()
}
