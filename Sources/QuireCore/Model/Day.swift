/// A calendar day with no time zone, as digests and papers are dated.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// A day, or nil when the three numbers are not a real date (`Feb 30`).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso: some StringProtocol) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String { "\(Day.pad(year, 4))-\(Day.pad(month, 2))-\(Day.pad(day, 2))" }

    /// `Apr 13, 2026`, as pages and feeds show a day to readers.
    public var display: String { "\(MonthNames.short[month - 1]) \(day), \(year)" }

    /// `YYYY`, the folder of the year page.
    public var yearString: String { Day.pad(year, 4) }
    /// `MM`, the folder of the month page.
    public var monthString: String { Day.pad(month, 2) }
    /// `DD`, the folder of the day page.
    public var dayString: String { Day.pad(day, 2) }

    /// Day of the week, 0 = Sunday (Sakamoto's method), for RFC 822 dates.
    public var weekday: Int {
        let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        return (y + y / 4 - y / 100 + y / 400 + offsets[month - 1] + day) % 7
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// A month and day with the year left out, as Hugging Face prints dates of its own year.
public struct MonthDay: Hashable, Sendable, CustomStringConvertible {
    public var month: Int
    public var day: Int

    public init?(month: Int, day: Int) {
        // Feb 29 is valid in some year; whether it is in the year finally chosen is checked then.
        guard (1...12).contains(month), (1...Day.daysIn(month: month, year: 2000)).contains(day) else { return nil }
        self.month = month
        self.day = day
    }

    /// This month and day in `year`, or nil (Feb 29 of a common year).
    public func inYear(_ year: Int) -> Day? { Day(year: year, month: month, day: day) }

    public var description: String { "\(MonthNames.short[month - 1]) \(day)" }
}

/// English month names as Hugging Face and RFC 822 print them.
public enum MonthNames {
    public static let short = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    public static let long = [
        "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December",
    ]

    /// 1–12 for `Jan`…`Dec` (any case), else nil. On bytes: digests print a month per entry.
    public static func number(ofShortName name: some StringProtocol) -> Int? {
        let bytes = name.utf8
        guard bytes.count == 3 else { return nil }
        var key = 0
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            key = key << 8 | Int(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        return lowercasedKeys.firstIndex(of: key).map { $0 + 1 }
    }

    /// The three lowercase letters of each short name, packed into an integer.
    private static let lowercasedKeys: [Int] = short.map { name in
        name.lowercased().utf8.reduce(0) { $0 << 8 | Int($1) }
    }
}
