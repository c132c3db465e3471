// The one module a program imports to use postlint as a library. It brings the types its API
// speaks of (configurations, diagnostics, severities, fixes, locations, reports), and `Postlint`,
// which lints, fixes and converts a post given as text.
@_exported import PostlintConvert
@_exported import PostlintEngine
@_exported import PostlintModel
@_exported import PostlintReporters
@_exported import PostlintRules
