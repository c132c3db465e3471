import Foundation
import Testing

/// The XHTML and EPUB writers against the OWASP XSS filter-evasion cheat sheet and newer
/// tricks, in Markdown as well as HTML: every content document is parsed and no element,
/// attribute or URL that can run anything may be in it. Text that merely reads like script
/// (escaped, or a link's visible text) is fine.
@Suite(.serialized) struct OutputSafetyTests {
    static let vectors = #"""
[safe link](https://example.com/ok) and <a href="mailto:editor@example.com">mail</a>

[md link](javascript:alert(1)) ![md img](javascript:alert(2)) <javascript:alert(3)>
[ref][r] [entity](&#106;avascript:alert(4)) [tab](java	script:alert(5))

[r]: javascript:alert(6)

<IMG SRC=javascript:alert('XSS')> <IMG SRC=JaVaScRiPt:alert('XSS')> <IMG SRC=`javascript:alert("RSnake says, 'XSS'")`>
<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>
<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>
<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>
<IMG SRC="jav	ascript:alert('XSS');"> <IMG SRC="jav&#x09;ascript:alert('XSS');"> <IMG SRC="jav&#x0A;ascript:alert('XSS');">
<IMG SRC=" &#14;  javascript:alert('XSS');"> <SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>
<BODY onload!#$%&()*~+-_.,:;?@[/|\]^`=alert("XSS")> <<SCRIPT>alert("XSS");//\<</SCRIPT>
<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\> <iframe src=http://xss.rocks/scriptlet.html <
<svg/onload=alert('XSS')> <BODY BACKGROUND="javascript:alert('XSS')"> <IMG DYNSRC="javascript:alert('XSS')">
<IMG LOWSRC="javascript:alert('XSS')"> <BGSOUND SRC="javascript:alert('XSS');"> <LINK REL="stylesheet" HREF="javascript:alert('XSS');">
<TABLE BACKGROUND="javascript:alert('XSS')"><TR><TD BACKGROUND="javascript:alert('XSS')">t</TD></TR></TABLE>
<DIV STYLE="background-image:\0075\0072\006C\0028'\006a\0061\0076\0061\0073\0063\0072\0069\0070\0074\003a\0061\006c\0065\0072\0074\0028.1027\0058.1053\0053\0027\0029'\0029">d</DIV>
<XSS STYLE="behavior: url(xss.htc);"> <!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->
<details open ontoggle=alert(1)>x</details> <video><source onerror="alert(1)"></video> <isindex action=javascript:alert(1) type=image>
<a href="&#x6A;avascript&colon;alert(1)">colon</a> <a href="javascript&#58;alert(1)">c58</a> <a href="  javascript:alert(1)">sp</a>
<a href="java&#x00;script:alert(1)">nul</a> <img src="x" alt="&quot; onerror=&quot;alert(1)">
<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">m</maction></math>
<svg><animate attributeName="href" values="javascript:alert(1)"/><use href="data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;/svg&gt;#x"/></svg>
<object data="javascript:alert(1)"></object> <applet code="x"></applet> <frameset><frame src="javascript:alert(1)"></frameset>
<img src="x" srcset="javascript:alert(1) 1x"> <a href="x" formaction="javascript:alert(1)">f</a> <button formaction="javascript:alert(1)">b</button>
<template><script>alert(1)</script></template> <noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>
<a href="https://example.com/" target="_blank" ping="http://evil.example/">ok link</a>
"""#

    /// Parses each XHTML file and lists what could execute: elements, event and style
    /// attributes, and URLs with any scheme but http, https and mailto.
    static let inspector = #"""
import re, sys, xml.etree.ElementTree as ET
FORBIDDEN = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
             "input", "button", "svg", "math", "template", "noscript", "video", "audio", "source", "isindex",
             "bgsound", "link", "meta", "details", "animate", "set", "use", "foreignobject", "xss"}
URL_ATTRIBUTES = {"href", "src", "action", "data", "cite", "poster", "background", "formaction", "lowsrc", "dynsrc", "srcset", "ping", "xmlns:xlink"}
found = []
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    for element in root.iter():
        namespace, _, tag = element.tag.rpartition("}")
        if namespace.strip("{") != "http://www.w3.org/1999/xhtml":
            found.append(f"{path}: element in namespace {namespace}")
        tag = tag.lower()
        head_meta = tag == "meta" and set(element.attrib) == {"charset"}
        head_link = tag == "link" and element.get("rel") == "stylesheet" and element.get("href", "").endswith(".css")
        if tag in FORBIDDEN and not head_meta and not head_link:
            found.append(f"{path}: <{tag}>")
        for key, value in element.attrib.items():
            name = key.rpartition("}")[2].lower()
            if name.startswith("on") or name in {"style", "srcdoc", "formaction", "background", "dynsrc", "lowsrc", "ping", "srcset"}:
                found.append(f"{path}: <{tag} {name}>")
            if name in URL_ATTRIBUTES and not (head_link and name == "href"):
                compact = re.sub(r"[\x00-\x20]", "", value)
                scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", compact)
                if scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
                    found.append(f"{path}: <{tag} {name}={value!r}>")
print("\n".join(found))
"""#

    static func inspect(_ files: [String]) throws -> String {
        let result = try CIGateTests.tool(["python3", "-c", inspector] + files)
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func nothingExecutableSurvivesInXHTMLOrEPUB() throws {
        let folder = try TemporaryFolder()
        let post = "---\ntitle: \"<script>alert(0)</script>\"\ndate: 2022-03-01 10:00:00 +0800\n---\n" + Self.vectors
        let file = try folder.write("in/_posts/2022-03-01-xss.md", post)
        let xhtml = folder.url.appendingPathComponent("out/x")
        let converted = try PostlintBinary.run(["convert", "--to", "xhtml", "-o", xhtml.path, file.deletingLastPathComponent().path])
        #expect(converted.status == 0, "\(converted.stderr)")
        let documents = Fixtures.files(under: xhtml, extensions: ["xhtml"]).map(\.path)
        #expect(documents.count == 1)
        #expect(try Self.inspect(documents) == "")
        // Visible text stays: the vectors become inert text, not nothing.
        let text = try String(contentsOfFile: documents[0], encoding: .utf8)
        #expect(text.contains("md link") && text.contains("&lt;script&gt;alert(0)&lt;/script&gt;"), "\(text)")
        #expect(text.contains("<a href=\"https://example.com/ok\">safe link</a>") && text.contains("<a href=\"mailto:editor@example.com\">mail</a>"), "safe links stay links")

        let book = folder.url.appendingPathComponent("out/book.epub")
        #expect(try PostlintBinary.run(["convert", "--to", "epub", "-o", book.path, file.path]).status == 0)
        let unpacked = folder.url.appendingPathComponent("out/book")
        let unzip = try CIGateTests.tool(["python3", "-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", book.path, unpacked.path])
        #expect(unzip.status == 0)
        let chapters = Fixtures.files(under: unpacked, extensions: ["xhtml"]).map(\.path)
        #expect(chapters.count == 2, "a chapter and the navigation document")
        #expect(try Self.inspect(chapters) == "")
        let report = try ConvertEPUBTests.run(["java", "-jar", ConvertEPUBTests.epubcheckJar, book.path])
        #expect(report.stdout.contains("Messages: 0 fatals / 0 errors / 0 warnings"), "\(report.stdout)")
    }
}
