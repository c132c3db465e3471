import Foundation
import PostlintModel
let path = CommandLine.arguments[1]
let bytes = [UInt8](FileManager.default.contents(atPath: path)!)
let post = Post(path: path, bytes: bytes)
if let fm = post.frontMatter {
  print("FM opening", fm.opening, "closing", fm.closing as Any, "err", fm.error as Any)
  for e in fm.entries { print(" ", e.key, post.location(of: e.keyRange.lowerBound), "value:", post.source.string(e.valueRange), post.location(of: e.valueRange.lowerBound)) }
}
let b = post.body!
for (i, n) in b.markdown.nodes.enumerated() where n.kind != .text || true {
  let r = b.markdownRanges[i]
  print(String(repeating: " ", count: n.depth), n.kind, n.start.line, n.start.column, n.end.line, n.end.column, "=>", post.source.string(r).prefix(60).debugDescription)
}
for e in b.html.elements { print("EL", e.name, e.depth, e.startTag.map { post.source.string($0) } ?? "(implied)", e.endTag.map { post.source.string($0) } ?? "-", e.attributes.map { "\($0.name)=\($0.value ?? "")" }) }
for c in b.html.comments { print("COMMENT", post.source.string(c.range)) }
for i in b.html.issues { print("ISSUE", i.code, i.message, post.location(of: i.offset)) }
print("code", b.codeRanges.map { post.source.string($0).prefix(30) })
print("autolinks", b.autolinkRanges.map { post.source.string($0) })
