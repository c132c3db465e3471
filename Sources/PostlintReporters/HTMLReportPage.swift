import PostlintModel

/// The fixed parts of the HTML report: head, style sheet, and the filter script.
///
/// The page is one file with nothing to fetch. Its Content-Security-Policy allows no resource
/// from anywhere and runs only the one script whose SHA-256 it names, so even text that got
/// past the escaping could not run as script. Files' sections skip layout until they are
/// scrolled to (`content-visibility: auto` on groups of them, `HTMLReporter.chunk`): a site of
/// 16,000 posts opens in seconds, not tens of seconds.
enum HTMLReportPage {
    static func head(toolVersion: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src '\(scriptHash)'; base-uri 'none'; form-action 'none'">
        <meta name="generator" content="postlint \(XMLText.attribute(toolVersion))">
        <title>postlint report</title>
        <style>
        \(style)</style>
        </head>
        <body>
        <div id="page">
        <header><h1>postlint report</h1></header>

        """
    }

    static func tail(toolVersion: String) -> String {
        "<footer><p>Written by postlint \(XMLText.text(toolVersion)).</p></footer>\n</div>\n<script>\(script)</script>\n</body>\n</html>\n"
    }

    /// CJK text gets the system's CJK fonts: Noto Sans CJK (Linux), PingFang or Hiragino (macOS),
    /// Microsoft YaHei, Yu Gothic or Malgun Gothic (Windows), picked by the `lang` each code frame
    /// carries (docs/formats.md lists the stack).
    static let style = """
        :root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--error:#cf222e;--warning:#9a6700;--info:#0969da;--fix:#1a7f37;--paper:#fff;--tint:#f6f8fa}
        body{margin:0;color:var(--ink);background:var(--paper);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif}
        :lang(zh){font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei",sans-serif}
        :lang(ja){font-family:"Noto Sans CJK JP","Source Han Sans JP","Hiragino Sans","Yu Gothic",sans-serif}
        :lang(ko){font-family:"Noto Sans CJK KR","Source Han Sans KR","Apple SD Gothic Neo","Malgun Gothic",sans-serif}
        pre{font-family:ui-monospace,"DejaVu Sans Mono","Noto Sans Mono CJK SC",monospace}
        pre:lang(zh){font-family:ui-monospace,"DejaVu Sans Mono","Noto Sans Mono CJK SC",monospace}
        pre:lang(ja){font-family:ui-monospace,"DejaVu Sans Mono","Noto Sans Mono CJK JP",monospace}
        pre:lang(ko){font-family:ui-monospace,"DejaVu Sans Mono","Noto Sans Mono CJK KR",monospace}
        #page{max-width:1100px;margin:0 auto;padding:0 16px}footer{color:var(--muted);font-size:13px}
        h1{font-size:24px;margin:16px 0 8px}h2{font-size:17px;margin:0 0 8px}h3{font-size:15px;margin:20px 0 6px}
        .cards{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
        .card{border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:120px}
        .card dt{font-size:12px;color:var(--muted)}.card dd{margin:0;font-size:22px;font-weight:600}
        .card.error dd{color:var(--error)}.card.warning dd{color:var(--warning)}.card.info dd{color:var(--info)}.card.fix dd{color:var(--fix)}
        .chart{max-width:100%;height:auto;font-size:13px}.chart text{fill:var(--ink)}.chart rect{fill:var(--info)}
        #chart-categories+svg rect{fill:var(--warning)}.chart rect.safe{fill:var(--fix)}.chart rect.unsafe{fill:#6fdd8b}
        .legend{font-size:13px;color:var(--muted);margin:0}.swatch{display:inline-block;width:10px;height:10px;background:var(--info);margin-left:8px}
        .swatch.safe{background:var(--fix)}.swatch.unsafe{background:#6fdd8b}
        .worst{padding-left:24px}.tally{color:var(--muted);font-size:13px;font-weight:400}
        #filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin:16px 0;padding:8px 12px;background:var(--tint);border:1px solid var(--line);border-radius:6px}
        #filters[hidden]{display:none}#filters fieldset{border:0;margin:0;padding:0}#filters legend{float:left;margin-right:6px}
        .chunk{content-visibility:auto;contain-intrinsic-size:auto 8000px}.file{border-top:1px solid var(--line);padding:12px 0}
        .file h2{overflow-wrap:anywhere}.file h2 a{color:inherit}
        .findings{list-style:none;margin:0;padding:0}.findings>li{margin:0 0 12px;padding-left:10px;border-left:3px solid var(--tone)}
        [data-severity=error]{--tone:var(--error)}[data-severity=warning]{--tone:var(--warning)}[data-severity=info]{--tone:var(--info)}
        .findings p{margin:2px 0}.head{font-size:13px}.head b{color:var(--tone)}
        .fixable{color:var(--fix);border:1px solid currentColor;border-radius:10px;padding:0 6px;font-size:12px}
        .about{color:var(--muted);font-size:13px}.failure{color:var(--error)}
        pre{margin:4px 0 0;padding:4px 8px;background:var(--tint);white-space:pre-wrap;overflow-wrap:anywhere;font-size:13px}
        pre.before{margin-bottom:0;border-bottom:1px dashed var(--line)}pre.after{margin-top:0}
        .line{color:var(--muted);user-select:none;margin-right:8px}.line::after{content:" |"}
        pre.before .line::after{content:" -"}pre.after .line::after{content:" +"}
        mark{background:#fff8c5;outline:1px solid #d4a72c}mark:empty,del:empty{border-left:2px solid var(--error);outline:0}
        del{background:#ffebe9;color:var(--error);outline:1px solid #ffcecb}ins{background:#dafbe1;color:var(--fix);text-decoration:none;outline:1px solid #aceebb}
        p.after{font-size:13px}code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:90%;background:var(--tint);padding:0 3px;border-radius:3px}
        .char{font-size:10px;border:1px solid currentColor;border-radius:3px;padding:0 2px;margin:0 1px;color:var(--muted)}
        [hidden]{display:none!important}

        """

    /// The filters: shows the form and hides the findings (and files) that do not match. The
    /// choice is kept in the address (`report.html?rule=final-newline&fixable=1`, `hide=info`,
    /// `category=`, `path=`), so a filtered view can be bookmarked or sent.
    static let script = """
        (function(){var form=document.getElementById("filters");if(!form)return;form.hidden=false;\
        var files=Array.prototype.slice.call(document.querySelectorAll("section.file")),categories={},timer=0;\
        var chunks=Array.prototype.slice.call(document.querySelectorAll("div.chunk"));\
        Array.prototype.forEach.call(form.elements.rule.options,function(option){categories[option.value]=option.getAttribute("data-category")});\
        function apply(){var severities={};\
        Array.prototype.forEach.call(form.querySelectorAll("input[name=severity]"),function(box){severities[box.value]=box.checked});\
        var rule=form.elements.rule.value,category=form.elements.category.value,fixable=form.elements.fixable.checked;\
        var path=form.elements.path.value.toLowerCase(),everything=!rule&&!category&&!fixable,shownFiles=0,shownFindings=0;\
        files.forEach(function(file){var count=0;\
        var onPath=!path||file.querySelector("h2 bdi").textContent.toLowerCase().indexOf(path)>=0;\
        Array.prototype.forEach.call(file.querySelectorAll(".findings>li"),function(item){var id=item.getAttribute("data-rule");\
        var shown=onPath&&severities[item.getAttribute("data-severity")]&&(!rule||id===rule)\
        &&(!category||categories[id]===category)&&(!fixable||item.hasAttribute("data-fixable"));\
        item.hidden=!shown;if(shown)count+=Number(item.getAttribute("data-count")||1)});\
        file.hidden=!(count>0||onPath&&everything&&file.classList.contains("unreadable"));\
        if(!file.hidden){shownFiles++;shownFindings+=count}});\
        chunks.forEach(function(chunk){chunk.hidden=!chunk.querySelector("section.file:not([hidden])")});\
        form.elements.shown.value=shownFindings+" finding"+(shownFindings===1?"":"s")+" in "+shownFiles+" file"+(shownFiles===1?"":"s")+" shown"}\
        function remember(){var query=new URLSearchParams();\
        Array.prototype.forEach.call(form.querySelectorAll("input[name=severity]"),function(box){if(!box.checked)query.append("hide",box.value)});\
        ["rule","category","path"].forEach(function(name){if(form.elements[name].value)query.set(name,form.elements[name].value)});\
        if(form.elements.fixable.checked)query.set("fixable","1");\
        try{history.replaceState(null,"",location.pathname+(query.toString()?"?"+query:""))}catch(error){}}\
        function update(){apply();remember()}\
        var given=new URLSearchParams(location.search);\
        if(given.toString()){given.getAll("hide").forEach(function(severity){var box=form.querySelector("input[name=severity][value='"+severity.replace(/[^a-z]/g,"")+"']");if(box)box.checked=false});\
        ["rule","category","path"].forEach(function(name){if(given.has(name))form.elements[name].value=given.get(name)});\
        form.elements.fixable.checked=given.has("fixable");apply()}\
        form.addEventListener("change",update);form.addEventListener("submit",function(event){event.preventDefault()});\
        form.elements.path.addEventListener("input",function(){clearTimeout(timer);timer=setTimeout(update,150)})})();
        """

    /// `script`'s SHA-256 in base64, as the Content-Security-Policy names it. HTMLReportTests
    /// computes it from the script and fails when the two differ.
    static let scriptHash = "sha256-TXRNFng0Dm64VQEi5N5myJqi94BAzoV/WmILZhkJDWA="
}
