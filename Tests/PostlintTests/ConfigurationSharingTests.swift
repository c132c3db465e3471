import Foundation
import PostlintEngine
import Testing

/// The folders governed by one `.postlint.yml` (or by none) in one site share one
/// configuration value: its rule list is made once, and what is kept per configuration (the
/// cleaning variant of `convert`, the cache's fingerprint) does not grow with the folders.
@Suite struct ConfigurationSharingTests {
    @Test func foldersWithTheSameGoverningFileShareOneConfiguration() throws {
        let site = try TemporaryFolder()
        try site.write("_config.yml", "title: t\n")
        try site.write(".postlint.yml", "rules: {PL501: off}\n")
        try site.write("own/.postlint.yml", "rules: {PL502: off}\n")
        let loader = ConfigurationLoader()
        let root = site.url.path
        let a = try loader.configuration(forFile: root + "/_posts/2022/a.md")
        let b = try loader.configuration(forFile: root + "/_posts/2023/b.md")
        let c = try loader.configuration(forFile: root + "/drafts/c.md")
        let own = try loader.configuration(forFile: root + "/own/d.md")
        #expect(a.isSameValue(as: b) && a.isSameValue(as: c), "one .postlint.yml, one value")
        #expect(!own.isSameValue(as: a), "a nearer .postlint.yml governs its own folder")
        #expect(own.settings["space-around-fullwidth-punctuation"]?.enabled == false && a.settings["space-around-fullwidth-punctuation"]?.enabled != false)
        // Another site under the same file is another configuration: its site differs.
        try site.write("other/_config.yml", "title: o\n")
        let other = try loader.configuration(forFile: root + "/other/_posts/e.md")
        #expect(!other.isSameValue(as: a) && other.site?.root != a.site?.root)
        // No file at all: the built-in defaults, once.
        let bare = try TemporaryFolder()
        let x = try loader.configuration(forFile: bare.url.path + "/x/a.md")
        let y = try loader.configuration(forFile: bare.url.path + "/y/b.md")
        #expect(x.isSameValue(as: y))
    }
}
