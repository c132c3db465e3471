import PostlintEngine
import PostlintRules

/// JUnit XML: one test suite per file, one test case per rule checked, a failure per finding.
public struct JUnitReporter: Sendable {
    public init() {}

    public func render(_ reports: [FileReport], rules: [Rule]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let failures = reports.reduce(0) { $0 + $1.diagnostics.count + ($1.error == nil ? 0 : 1) }
        out += "<testsuites name=\"postlint\" tests=\"\(reports.count * rules.count)\" failures=\"\(failures)\">\n"
        for report in reports {
            let fileFailures = report.diagnostics.count + (report.error == nil ? 0 : 1)
            out += "  <testsuite name=\"\(XMLText.attribute(report.path))\" tests=\"\(rules.count)\" failures=\"\(fileFailures)\" errors=\"0\">\n"
            if let error = report.error {
                out += "    <testcase name=\"read\" classname=\"\(XMLText.attribute(report.path))\"><failure message=\"\(XMLText.attribute(error))\" type=\"error\"/></testcase>\n"
            }
            for rule in rules {
                let name = "\(rule.descriptor.code) \(rule.descriptor.id)"
                let found = report.diagnostics.filter { $0.ruleID == rule.descriptor.id }
                out += "    <testcase name=\"\(XMLText.attribute(name))\" classname=\"\(XMLText.attribute(report.path))\""
                if found.isEmpty { out += "/>\n"; continue }
                out += ">\n"
                for d in found {
                    out += "      <failure message=\"\(XMLText.attribute(d.message))\" type=\"\(d.severity.rawValue)\">\(XMLText.text("\(d.path):\(d.start.line):\(d.start.column): \(d.message)"))</failure>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}

/// Checkstyle XML, as Jenkins' Warnings plugin, reviewdog and many CI tools read it.
public struct CheckstyleReporter: Sendable {
    public init() {}

    public func render(_ reports: [FileReport]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
        for report in reports where !report.diagnostics.isEmpty || report.error != nil {
            out += "  <file name=\"\(XMLText.attribute(report.path))\">\n"
            if let error = report.error {
                out += "    <error line=\"1\" column=\"1\" severity=\"error\" message=\"\(XMLText.attribute(error))\" source=\"postlint\"/>\n"
            }
            for d in report.diagnostics {
                out += "    <error line=\"\(d.start.line)\" column=\"\(d.start.column)\" severity=\"\(d.severity.rawValue)\" message=\"\(XMLText.attribute(d.message))\" source=\"postlint.\(d.code).\(d.ruleID)\"/>\n"
            }
            out += "  </file>\n"
        }
        return out + "</checkstyle>\n"
    }
}

/// Escaping for XML reports; characters XML 1.0 cannot hold are dropped.
enum XMLText {
    static func text(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default:
                if scalar.value < 0x20 && scalar.value != 0x09 && scalar.value != 0x0A && scalar.value != 0x0D { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func attribute(_ value: String) -> String {
        text(value).replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "\n", with: "&#10;").replacingOccurrences(of: "\r", with: "&#13;").replacingOccurrences(of: "\t", with: "&#9;")
    }
}
