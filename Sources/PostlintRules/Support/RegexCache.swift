import Foundation

/// Compiled regular expressions from rule options, compiled once per pattern for the run.
final class RegexCache: @unchecked Sendable {
    static let shared = RegexCache()

    private let lock = NSLock()
    private var compiled: [String: NSRegularExpression?] = [:]

    func expression(_ pattern: String) -> NSRegularExpression? {
        lock.withLock {
            if let cached = compiled[pattern] { return cached }
            let expression = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
            compiled[pattern] = expression
            return expression
        }
    }
}
