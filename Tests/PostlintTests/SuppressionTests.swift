import PostlintEngine
import Testing

/// Which comments count as `postlint-…` directives: white space of any kind before the word,
/// none after `<!--`, and never a comment that only mentions one.
@Suite struct SuppressionTests {
    static let head = "---\ntitle: \"a\"\ndate: 2022-03-01 10:00:00 +0800\n---\n"

    static func ruleIDs(_ body: String) -> [String] {
        Fixtures.lint(Array((head + body).utf8)).map(\.ruleID)
    }

    @Test func directivesAreFoundWhateverTheSpaceBeforeThem() {
        #expect(Self.ruleIDs("<>\n") == ["empty-autolink"], "the finding the directives below silence")
        for comment in ["<!--postlint-disable-next-line empty-autolink-->", "<!--\n  postlint-disable-next-line empty-autolink -->",
                        "<!--\tpostlint-disable-next-line PL606 -->", "<!--\u{3000}postlint-disable-next-line empty-autolink -->"] {
            #expect(!Self.ruleIDs(comment + "\n<>\n").contains("empty-autolink"), "\(comment.debugDescription)")
        }
    }

    @Test func aCommentThatMentionsADirectiveIsNotOne() {
        let ids = Self.ruleIDs("<!-- see postlint-disable-next-line empty-autolink -->\n<>\n")
        #expect(ids.contains("empty-autolink"))
        #expect(!ids.contains("unused-suppression"))
    }

    /// A misspelt id silences nothing: not every rule, as a directive without ids would.
    @Test func aDirectiveNamingOnlyUnknownRulesSilencesNothing() {
        for comment in ["<!-- postlint-disable empty-autolnk -->", "<!-- postlint-disable-next-line PL999 -->", "<!-- postlint-disable-line PL999 -->"] {
            let ids = Self.ruleIDs(comment + " <>\n<>\n")
            #expect(ids.contains("empty-autolink"), "\(comment)")
            #expect(ids.contains("unknown-rule-in-comment"), "\(comment)")
        }
        // A known id beside an unknown one still silences the known one.
        #expect(!Self.ruleIDs("<!-- postlint-disable-next-line empty-autolink PL999 -->\n<>\n").contains("empty-autolink"))
    }

    @Test func directivesAboutThemselvesAreReportedWhenThereAreAny() {
        #expect(Self.ruleIDs("<!-- postlint-disable-next-line no-such-rule -->\n正文。\n").contains("unknown-rule-in-comment"))
        #expect(Self.ruleIDs("<!-- postlint-disable-next-line empty-autolink -->\n正文。\n").contains("unused-suppression"))
    }
}
