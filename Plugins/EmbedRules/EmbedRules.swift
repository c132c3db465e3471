import Foundation
import PackagePlugin

/// Turns every YAML file under the package's `Rules/` folder into Swift source, so the
/// built binary carries the rule catalogue and needs no resource files at run time.
@main
struct EmbedRules: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let rules = context.package.directoryURL.appending(path: "Rules")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedCatalogue.swift")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: rules, includingPropertiesForKeys: nil) {
            for case let url as URL in walker where ["yml", "yaml"].contains(url.pathExtension) {
                inputs.append(url)
            }
        }
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) files from Rules/",
                executable: try context.tool(named: "PostlintEmbedTool").url,
                arguments: [rules.path, output.path],
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
