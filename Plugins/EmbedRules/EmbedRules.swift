import Foundation
import PackagePlugin

/// Turns every YAML file under the package's `Rules/` folder into Swift source, so the
/// built binary carries the rule catalogue and needs no resource files at run time, and makes
/// the registry of the Swift checks of the target's `Checks/` folder (the build fails when a
/// rule file with `check: swift` and a Swift check do not pair up).
@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rules = context.package.directoryURL.appending(path: "Rules")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedCatalogue.swift")
        let checks = context.package.directoryURL.appending(path: "Sources/\(target.name)/Checks")
        var inputs: [URL] = []
        for (folder, extensions) in [(rules, ["yml", "yaml"]), (checks, ["swift"])] {
            guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walker where extensions.contains(url.pathExtension) {
                inputs.append(url)
            }
        }
        return [
            .buildCommand(
                displayName: "Embedding Rules/ and the registry of the Swift checks",
                executable: try context.tool(named: "PostlintEmbedTool").url,
                arguments: [rules.path, checks.path, output.path],
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
