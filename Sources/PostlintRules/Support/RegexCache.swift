import Foundation

/// Compiled patterns from rule options, compiled once per pattern for the run.
final class RegexCache: @unchecked Sendable {
    static let shared = RegexCache()

    private let lock = NSLock()
    private var compiled: [String: Pattern?] = [:]

    func pattern(_ source: String) -> Pattern? {
        lock.withLock {
            if let cached = compiled[source] { return cached }
            let pattern = try? Pattern(source)
            compiled[source] = pattern
            return pattern
        }
    }
}
