#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text kept for later in an anonymous temporary file once it outgrows a small in-memory
/// buffer, so a writer that must reorder its output does not grow with the run.
struct SpillBuffer {
    private var pending = ""
    private var file: UnsafeMutablePointer<FILE>?
    private static let limit = 1 << 16

    mutating func write(_ text: String) {
        pending += text
        if pending.utf8.count >= Self.limit { spill() }
    }

    /// Writes everything held, in order, and empties the buffer.
    mutating func drain(to out: inout some TextOutputStream) {
        if let file {
            spill()
            rewind(file)
            var chunk = [UInt8](repeating: 0, count: Self.limit)
            var carry: [UInt8] = []
            while true {
                let count = fread(&chunk, 1, chunk.count, file)
                if count == 0 { break }
                carry += chunk[0..<count]
                // Only whole lines go out, so no character is split between chunks.
                if let newline = carry.lastIndex(of: 0x0A) {
                    out.write(String(decoding: carry[...newline], as: UTF8.self))
                    carry.removeSubrange(...newline)
                }
            }
            if !carry.isEmpty { out.write(String(decoding: carry, as: UTF8.self)) }
            fclose(file)
            self.file = nil
        }
        out.write(pending)
        pending = ""
    }

    private mutating func spill() {
        if file == nil { file = tmpfile() }
        guard let file else { return }  // No temporary file: keep the text in memory instead.
        let written = pending.utf8.withContiguousStorageIfAvailable { fwrite($0.baseAddress, 1, $0.count, file) }
            ?? Array(pending.utf8).withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        if written == pending.utf8.count { pending = "" }
    }
}
