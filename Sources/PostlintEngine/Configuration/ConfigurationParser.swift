import Foundation
import PostlintRules

/// Reads one configuration text over a base configuration.
public struct ConfigurationParser {
    typealias Resolve = (String, [String]) throws(ConfigurationError) -> Configuration

    let path: String
    let text: String
    let directory: String
    let stack: [String]
    let resolve: Resolve

    static let keys = ["extends", "rules", "include", "exclude", "timezone", "rule-files", "overrides"]
    static let overrideKeys = ["files", "extends", "rules"]

    func parse(base: Configuration) throws(ConfigurationError) -> Configuration {
        let value: RuleValue
        do {
            value = try RuleValue.parse(yaml: text)
        } catch {
            throw ConfigurationError(path: path, line: error.mark?.line, message: "invalid YAML: \(error.problem)")
        }
        if case .null = value { return base }
        guard case .map(let pairs) = value else {
            throw ConfigurationError(path: path, line: 1, message: "a configuration is a mapping with keys \(Self.keys.joined(separator: ", "))")
        }
        if let unknown = pairs.first(where: { !Self.keys.contains($0.key) }) {
            throw error("unknown key `\(unknown.key)`; expected one of \(Self.keys.joined(separator: ", "))", near: unknown.key)
        }
        var result = base
        for reference in value["extends"]?.strings ?? [] {
            let parent = try resolve(reference, stack)
            result.catalogue = parent.catalogue
            for (id, setting) in parent.settings {
                result.settings[id] = (result.settings[id] ?? RuleSetting()).merged(with: setting)
            }
            if !parent.include.isEmpty { result.include = parent.include }
            result.exclude += parent.exclude
            result.timezone = parent.timezone ?? result.timezone
            result.overrides += parent.overrides
        }
        result.baseDirectory = base.baseDirectory
        result.origin = path
        result.sourceTexts.append(path + "\n" + text)
        if let files = value["rule-files"]?.strings, !files.isEmpty {
            let loaded = try loadRuleFiles(files, into: result.catalogue)
            result.catalogue = loaded.catalogue
            result.sourceTexts += loaded.files.map { $0.path + "\n" + $0.text }
        }
        for (name, setting) in value["rules"]?.entries ?? [] {
            guard let rule = result.catalogue.rule(name) else {
                throw error("unknown rule `\(name)`; `postlint rules` lists them", near: name)
            }
            let parsed = try ruleSetting(setting, rule: rule, name: name)
            result.settings[rule.descriptor.id] = (result.settings[rule.descriptor.id] ?? RuleSetting()).merged(with: parsed)
        }
        if let overrides = value["overrides"] {
            result.overrides += try parseOverrides(overrides, catalogue: result.catalogue)
        }
        if let include = value["include"]?.strings { result.include = include }
        result.exclude += value["exclude"]?.strings ?? []
        if let zone = value["timezone"] {
            guard let text = zone.string, let parsed = SiteTimeZone(text) else {
                throw error("timezone must be an offset such as \"+0800\" or \"-05:00\", or a zone name such as Asia/Shanghai", near: "timezone")
            }
            result.timezone = parsed
        }
        return result
    }

    /// `overrides:`: a list of mappings, each with `files` (globs) and `extends` or `rules`.
    private func parseOverrides(_ value: RuleValue, catalogue: RuleCatalogue) throws(ConfigurationError) -> [ConfigurationOverride] {
        guard case .list(let entries) = value else {
            throw error("`overrides` is a list of entries, each with `files` and `extends` or `rules`", near: "overrides")
        }
        var overrides: [ConfigurationOverride] = []
        for entry in entries {
            guard case .map(let pairs) = entry else {
                throw error("each entry of `overrides` is a mapping with `files` and `extends` or `rules`", near: "overrides")
            }
            if let unknown = pairs.first(where: { !Self.overrideKeys.contains($0.key) }) {
                throw error("`overrides` entry: unknown key `\(unknown.key)`; expected \(Self.overrideKeys.joined(separator: ", "))", near: unknown.key)
            }
            guard let files = entry["files"]?.strings, !files.isEmpty else {
                throw error("each entry of `overrides` needs `files`: the globs of the files it governs", near: "overrides")
            }
            var settings: [String: RuleSetting] = [:]
            for reference in entry["extends"]?.strings ?? [] {
                for (id, setting) in try resolve(reference, stack).settings {
                    settings[id] = (settings[id] ?? RuleSetting()).merged(with: setting)
                }
            }
            for (name, setting) in entry["rules"]?.entries ?? [] {
                guard let rule = catalogue.rule(name) else {
                    throw error("unknown rule `\(name)`; `postlint rules` lists them", near: name)
                }
                let parsed = try ruleSetting(setting, rule: rule, name: name)
                settings[rule.descriptor.id] = (settings[rule.descriptor.id] ?? RuleSetting()).merged(with: parsed)
            }
            overrides.append(ConfigurationOverride(files: files, settings: settings))
        }
        return overrides
    }

    private func ruleSetting(_ value: RuleValue, rule: Rule, name: String) throws(ConfigurationError) -> RuleSetting {
        switch value {
        case .bool(let on): return RuleSetting(enabled: on)
        case .string("off"): return RuleSetting(enabled: false)
        case .string("on"): return RuleSetting(enabled: true)
        case .string(let level):
            guard let severity = Severity(rawValue: level) else {
                throw error("rule `\(name)`: expected off, on, error, warning or info, not `\(level)`", near: name)
            }
            return RuleSetting(enabled: true, severity: severity)
        case .map:
            var setting = RuleSetting()
            for (key, item) in value.entries {
                switch key {
                case "enabled": setting.enabled = item.bool
                case "severity":
                    if item.string == "off" { setting.enabled = false; continue }
                    guard let severity = item.string.flatMap(Severity.init(rawValue:)) else {
                        throw error("rule `\(name)`: severity must be error, warning, info or off", near: name)
                    }
                    setting.severity = severity
                case "options":
                    for (option, optionValue) in item.entries {
                        guard rule.descriptor.option(option) != nil else {
                            let known = rule.descriptor.options.map { "`\($0.name)`" }.joined(separator: ", ")
                            throw error("rule `\(name)` has no option `\(option)`" + (known.isEmpty ? "" : "; its options are \(known)"), near: option)
                        }
                        // Options named `…pattern` or `…patterns` are regular expressions: a bad
                        // one is refused here rather than silently matching nothing.
                        if option.hasSuffix("pattern") || option.hasSuffix("patterns") {
                            for expression in optionValue.strings where (try? NSRegularExpression(pattern: expression)) == nil {
                                throw error("rule `\(name)`: option `\(option)`: `\(expression)` is not a valid regular expression", near: option)
                            }
                        }
                        setting.options[option] = optionValue
                    }
                default:
                    throw error("rule `\(name)`: unknown key `\(key)`; expected severity, enabled or options", near: key)
                }
            }
            return setting
        default:
            throw error("rule `\(name)`: expected off, on, a severity, or a mapping", near: name)
        }
    }

    private func loadRuleFiles(_ patterns: [String], into catalogue: RuleCatalogue) throws(ConfigurationError) -> (catalogue: RuleCatalogue, files: [(path: String, text: String)]) {
        var files: [(path: String, text: String)] = []
        for pattern in patterns {
            let paths = Glob.expand(pattern, in: directory)
            if paths.isEmpty { throw error("`rule-files` entry `\(pattern)` matches no file", near: pattern) }
            for file in paths {
                guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                    throw ConfigurationError(path: file, line: nil, message: "cannot read this rule file")
                }
                files.append((file, text))
            }
        }
        do {
            return (try catalogue.adding(files: files), files)
        } catch {
            throw ConfigurationError(path: error.origin, line: nil, message: error.message)
        }
    }

    /// An error pointing at the first line that mentions `word`.
    private func error(_ message: String, near word: String) -> ConfigurationError {
        var line: Int?
        for (index, text) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where text.contains(word) {
            line = index + 1
            break
        }
        return ConfigurationError(path: path, line: line, message: message)
    }
}
