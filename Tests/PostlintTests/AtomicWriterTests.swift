import Foundation
import PostlintRunner
import Testing

/// The write step of `fix` on its own: what it refuses, and that refusing leaves the file as it was.
@Suite struct AtomicWriterTests {
    @Test func aFileChangedSinceItWasReadIsNotOverwritten() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("post.md", "edited by someone else\n")
        #expect(throws: AtomicWriter.Failure.self) {
            try AtomicWriter.write(Array("fixed\n".utf8), to: file.path, replacing: Array("as read\n".utf8))
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "edited by someone else\n")
    }

    @Test func aMissingFolderFailsCleanly() {
        #expect(throws: AtomicWriter.Failure.self) {
            try AtomicWriter.write(Array("x".utf8), to: "/nonexistent-folder/post.md", replacing: [])
        }
    }

    @Test func aWriteReplacesTheContent() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("post.md", "old\n")
        let note = try AtomicWriter.write(Array("new\n".utf8), to: file.path, replacing: Array("old\n".utf8))
        #expect(note == nil)
        #expect(try String(contentsOf: file, encoding: .utf8) == "new\n")
    }
}
