import Foundation
import PostlintReporters
import PostlintRules

/// Writes the rules' documentation pages (`RuleDocumentation`) into a folder, and removes pages
/// of rules that no longer exist, so the folder is exactly the catalogue.
public enum RuleDocumentationFiles {
    public static func write(_ catalogue: RuleCatalogue, to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var pages: [String: String] = ["README.md": RuleDocumentation.index(catalogue)]
        for rule in catalogue.rules { pages[RuleDocumentation.fileName(rule.descriptor)] = try RuleDocumentation.page(rule) }
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".md") && pages[name] == nil {
            try FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
        for (name, text) in pages {
            try Data(text.utf8).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)), options: .atomic)
        }
    }
}
