// swift-tools-version: 6.0
import PackageDescription

// libFuzzer targets are declared only when asked for (scripts/fuzz sets POSTLINT_FUZZ=1),
// because they build only with -sanitize=fuzzer, which supplies their main.
let fuzzing = Context.environment["POSTLINT_FUZZ"] == "1"

let package = Package(
    name: "postlint",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "postlint", targets: ["postlint"]),
        .library(name: "PostlintKit", targets: ["PostlintKit", "PostlintRunner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // C libraries, each imported by exactly one Swift file in PostlintAdapters.
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(
            name: "CLibYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),

        // Layers, lowest first; each depends only on the ones below it.
        .target(name: "PostlintAdapters", dependencies: ["CLibXML2", "CCmarkGFM", "CLibYAML"]),
        .target(name: "PostlintModel", dependencies: ["PostlintAdapters"]),
        .target(
            name: "PostlintRules", dependencies: ["PostlintModel"],
            plugins: ["EmbedRules"]),
        .target(name: "PostlintEngine", dependencies: ["PostlintRules"]),
        .target(name: "PostlintReporters", dependencies: ["PostlintEngine"]),
        .target(name: "PostlintConvert", dependencies: ["PostlintEngine", "ZIPFoundation"]),
        // A run of a command over many posts: inputs, ordered parallel work, the cache, atomic
        // writes, report streams, and the work of check, fix and convert on one post.
        .target(name: "PostlintRunner", dependencies: ["PostlintReporters", "PostlintConvert"]),
        // The library's one import: `Postlint.lint`, `fix` and `convert` on a post as text.
        .target(name: "PostlintKit", dependencies: ["PostlintEngine", "PostlintReporters", "PostlintConvert"]),
        // JSON-RPC 2.0 framed as the Language Server Protocol frames it (no LSP types package is
        // available to depend on; this is the small typed layer `postlint lsp` needs).
        .target(name: "PostlintJSONRPC"),
        // `postlint lsp`: the language server, on the library's lint and fix.
        .target(name: "PostlintLSP", dependencies: ["PostlintJSONRPC", "PostlintKit", "PostlintRunner"]),
        // The example of docs/library.md, built with the package and run by LibraryExampleTests.
        .executableTarget(name: "LibraryExample", dependencies: ["PostlintKit"]),
        .executableTarget(
            name: "postlint",
            dependencies: [
                "PostlintReporters",
                "PostlintConvert",
                "PostlintRunner",
                "PostlintLSP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .target(name: "CMimalloc", condition: .when(platforms: [.linux])),
            ],
            // mimalloc in place of glibc's malloc: a post makes thousands of small short-lived
            // allocations on every worker thread (see docs/PERFORMANCE.md).
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]),
        // mimalloc's header, for its options; not in the adapters, as only the command sets them.
        .systemLibrary(name: "CMimalloc", providers: [.apt(["libmimalloc-dev"])]),

        // What must hold for any input: checked by the fuzz targets and the regression tests.
        .target(name: "PostlintInvariants", dependencies: ["PostlintEngine", "PostlintConvert", "PostlintRunner"]),

        // Carries Rules/ into the binary so it works from any directory.
        .executableTarget(name: "PostlintEmbedTool"),
        .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["PostlintEmbedTool"]),

        .testTarget(
            name: "PostlintTests",
            dependencies: ["PostlintAdapters", "PostlintKit", "PostlintRunner", "PostlintInvariants"]),
    ] + (fuzzing ? [
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(name: "PostlintFuzz", dependencies: ["CLibFuzzer", "PostlintInvariants"]),
    ] : [])
)
