import Foundation
import QuireCore

/// A value a template can show: text, a number, a flag, a list or an object of named values.
/// Page contexts are built from these, so rendering never needs reflection or casts.
public enum TemplateValue: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([TemplateValue])
    case object(TemplateFields)

    /// The named value of an object; nil for anything else.
    public subscript(key: String) -> TemplateValue? {
        self[TemplateName(key)]
    }

    public subscript(name: TemplateName) -> TemplateValue? {
        field(name)
    }

    @inline(__always) func field(_ name: TemplateName) -> TemplateValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[name]
    }
}

/// A name in a template or an object, packed for comparison: the UTF-8 bytes of names up to
/// 16 bytes long in two integers (every name Quire's theme uses); a longer name is numbered in a
/// table of its own, so that every name takes 16 bytes. Lookups compare two integers instead of
/// strings, on every value of every page, and an object's fields (a card's, on every list page)
/// hold no string per name.
public struct TemplateName: Hashable, Sendable, CustomStringConvertible {
    /// The first 8 bytes and the next 8; for a longer name, 0 and its number in `LongNames`.
    let low: UInt64
    let high: UInt64

    public init(_ name: String) {
        let (low, high, count) = Self.pack(name)
        if count > 16 || (low == 0 && count > 0) {
            self.low = 0
            self.high = LongNames.shared.number(of: name)
        } else {
            self.low = low
            self.high = high
        }
    }

    /// The name when it is longer than 16 bytes.
    var long: String? { low == 0 && high != 0 ? LongNames.shared.name(numbered: high) : nil }

    /// The first 16 UTF-8 bytes of `name`, little-endian in two integers, and its length.
    static func pack(_ name: String) -> (low: UInt64, high: UInt64, count: Int) {
        var low: UInt64 = 0, high: UInt64 = 0, count = 0
        for byte in name.utf8 {
            if count < 8 {
                low |= UInt64(byte) << (8 * count)
            } else if count < 16 {
                high |= UInt64(byte) << (8 * (count - 8))
            }
            count += 1
        }
        return (low, high, count)
    }

    /// Feeds the name to `hasher` as its text decides, whatever number a long name got in this run.
    func fingerprint(into hasher: inout StreamHasher) {
        guard let long else {
            hasher.add(low)
            hasher.add(high)
            hasher.add("")
            return
        }
        let packed = Self.pack(long)
        hasher.add(packed.low)
        hasher.add(packed.high)
        hasher.add(long)
    }

    public var description: String {
        if let long { return long }
        var bytes: [UInt8] = []
        for word in [low, high] {
            var rest = word
            while rest != 0 {
                bytes.append(UInt8(rest & 0xFF))
                rest >>= 8
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The names longer than 16 bytes met so far in this process, numbered from 1 in the order met.
    final class LongNames: @unchecked Sendable {
        static let shared = LongNames()
        private let lock = NSLock()
        private var numbers: [String: UInt64] = [:]
        private var names: [String] = []

        func number(of name: String) -> UInt64 {
            lock.withLock {
                if let number = numbers[name] { return number }
                names.append(name)
                numbers[name] = UInt64(names.count)
                return UInt64(names.count)
            }
        }

        func name(numbered number: UInt64) -> String {
            lock.withLock { names[Int(number) - 1] }
        }
    }
}

/// The named values of a template object, in insertion order.
///
/// One short array searched linearly rather than a dictionary: objects have a handful of keys,
/// and comparing packed names is cheaper than hashing them. One array, not one for names and one
/// for values: copying an object (every lookup does) then retains one buffer, not two.
public struct TemplateFields: Sendable, ExpressibleByDictionaryLiteral, Sequence {
    private var entries: [(name: TemplateName, value: TemplateValue)] = []

    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(elements)
    }

    /// An object of `elements`, whose names must differ (as a dictionary literal's do).
    init(_ elements: [(String, TemplateValue)]) {
        entries.reserveCapacity(elements.count)
        for (key, value) in elements {
            let name = TemplateName(key)
            assert(index(of: name) == nil, "'\(key)' twice in one object")
            entries.append((name, value))
        }
    }

    public subscript(key: String) -> TemplateValue? {
        get { self[TemplateName(key)] }
        set { self[TemplateName(key)] = newValue }
    }

    public subscript(name: TemplateName) -> TemplateValue? {
        get {
            guard let index = index(of: name) else { return nil }
            return entries[index].value
        }
        set {
            if let index = index(of: name) {
                if let newValue {
                    entries[index].value = newValue
                } else {
                    entries.remove(at: index)
                }
            } else if let newValue {
                entries.append((name, newValue))
            }
        }
    }

    @inline(__always) private func index(of name: TemplateName) -> Int? {
        entries.withUnsafeBufferPointer { entries in
            for index in entries.indices where entries[index].name == name { return index }
            return nil
        }
    }

    /// Feeds each name and value to `hasher`, in order; with `readable`, only the fields a
    /// template can look up.
    func fingerprint(into hasher: inout StreamHasher, readable: Set<TemplateName>?) {
        for (name, value) in entries where readable?.contains(name) ?? true {
            name.fingerprint(into: &hasher)
            value.fingerprint(into: &hasher, readable: readable)
        }
    }

    public func makeIterator() -> IndexingIterator<[(name: TemplateName, value: TemplateValue)]> {
        entries.makeIterator()
    }
}

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(TemplateFields(elements))
    }
}

extension TemplateValue {
    /// Feeds the value, its structure included, to `hasher`: two values feed the same words only
    /// when they are equal. With `readable`, object fields under other names are left out: a
    /// template that looks up only `readable` renders two values alike when they feed alike.
    func fingerprint(into hasher: inout StreamHasher, readable: Set<TemplateName>? = nil) {
        switch self {
        case .string(let text):
            hasher.add(1)
            hasher.add(text)
        case .int(let number):
            hasher.add(2)
            hasher.add(UInt64(bitPattern: Int64(number)))
        case .bool(let flag):
            hasher.add(flag ? 3 : 4)
        case .list(let items):
            hasher.add(5)
            hasher.add(UInt64(items.count))
            for item in items { item.fingerprint(into: &hasher, readable: readable) }
        case .object(let fields):
            hasher.add(6)
            fields.fingerprint(into: &hasher, readable: readable)
            hasher.add(7)
        }
    }
}
