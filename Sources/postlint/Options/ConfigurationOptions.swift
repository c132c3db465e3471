import ArgumentParser
import Foundation
import PostlintEngine
import PostlintModel
import PostlintRules

/// How posts are judged: the configuration file and the moment dates are judged against.
struct ConfigurationOptions: ParsableArguments {
    @Option(help: "Use this configuration file for every post instead of searching for .postlint.yml.")
    var config: String?

    @Option(help: "The moment to judge future dates against, as YYYY-MM-DD[ HH:MM:SS +HHMM] (default: now).")
    var now: String?

    func validate() throws {
        if let now, Self.moment(now) == nil {
            throw ValidationError("--now must be a date such as 2026-01-01 or 2026-01-01 12:00:00 +0800, not `\(now)`")
        }
    }

    var moment: Int { now.flatMap(Self.moment) ?? Int(Date().timeIntervalSince1970) }

    var linter: Linter { Linter(environment: LintEnvironment(now: moment)) }

    /// `--now`: a date, read as UTC when it names no offset.
    static func moment(_ text: String) -> Int? {
        guard let date = PostDate.parse(text), date.impossibility == nil else { return nil }
        return date.epochSeconds()
    }
}
