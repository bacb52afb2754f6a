import Foundation
import QuireCore

/// A JSON document as plain Swift values, read with JSONSerialization, so parsers can tell a
/// wrong type from a missing field and report either with its JSON pointer.
enum JSONValue {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A document that does not parse, with the line of the problem when JSONSerialization names its offset.
    struct SyntaxError: Error {
        var line: Int?
        var message: String
    }

    private static let booleanType = type(of: NSNumber(value: true))

    /// Parses a JSON document (a leading UTF-8 byte order mark is allowed).
    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        var bytes = bytes[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? "\(error)"
            throw syntaxError(detail, in: Array(bytes))
        }
        return JSONValue(object)
    }

    /// Turns JSONSerialization's "… around character N." (a byte offset) into a line number.
    private static func syntaxError(_ detail: String, in bytes: [UInt8]) -> SyntaxError {
        var message = detail.hasSuffix(".") ? String(detail.dropLast()) : detail
        guard let range = message.range(of: " around character ") else {
            return SyntaxError(line: nil, message: message)
        }
        let offset = Int(message[range.upperBound...]) ?? 0
        message = String(message[..<range.lowerBound])
        let line = 1 + bytes.prefix(min(offset, bytes.count)).count { $0 == 0x0A }
        return SyntaxError(line: line, message: message)
    }

    init(_ object: Any) {
        switch object {
        case let string as String: self = .string(string)
        case let number as NSNumber:
            self = type(of: number) == Self.booleanType ? .bool(number.boolValue) : .number(number.doubleValue)
        case let array as [Any]: self = .array(array.map(JSONValue.init))
        case let dictionary as [String: Any]: self = .object(dictionary.mapValues(JSONValue.init))
        default: self = .null
        }
    }

    /// How messages name the value's type: `a string`, `a number`, `a list`…
    var kind: String {
        switch self {
        case .null: return "null"
        case .bool: return "true/false"
        case .number: return "a number"
        case .string(let text): return text.isEmpty ? "an empty string" : "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}

/// A value inside a JSON document with its JSON pointer, for reading fields and reporting them.
struct JSONNode {
    var value: JSONValue
    var pointer: String

    /// The member `key` of an object, nil when absent, null, or this is not an object.
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value, let member = members[key] else { return nil }
        if case .null = member { return nil }
        return JSONNode(value: member, pointer: pointer + "/" + Self.escape(key))
    }

    /// The items of a list, each with its pointer; nil when this is not a list.
    var items: [JSONNode]? {
        guard case .array(let values) = value else { return nil }
        return values.enumerated().map { JSONNode(value: $1, pointer: "\(pointer)/\($0)") }
    }

    var string: String? {
        if case .string(let text) = value { return text }
        return nil
    }

    /// A whole number (JSON has only one number type; `3.0` counts, `3.5` does not).
    var integer: Int? {
        guard case .number(let number) = value, number.rounded() == number, abs(number) < 1e15 else { return nil }
        return Int(number)
    }

    var isObject: Bool {
        if case .object = value { return true }
        return false
    }

    /// RFC 6901: `~` is written `~0` and `/` is written `~1` inside a pointer's tokens.
    static func escape(_ key: String) -> String {
        guard key.contains("~") || key.contains("/") else { return key }
        return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
