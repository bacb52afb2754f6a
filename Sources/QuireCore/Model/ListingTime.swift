/// When a source listed a paper: the UTC day, and the time of day when the source gives one
/// (HF's `submittedOnDailyAt`, arXiv's `published`). A text digest lists on its day, with no time.
public struct ListingTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var day: Day
    /// Seconds after midnight UTC, when the source gives a time.
    public var secondsOfDay: Int?

    public init(day: Day, secondsOfDay: Int? = nil) {
        self.day = day
        self.secondsOfDay = secondsOfDay
    }

    /// A day with no time counts as its midnight.
    public static func < (lhs: ListingTime, rhs: ListingTime) -> Bool {
        (lhs.day, lhs.secondsOfDay ?? 0) < (rhs.day, rhs.secondsOfDay ?? 0)
    }

    /// The time of day as `hh:mm:ss`; midnight when the source gave none.
    public var clock: String {
        let seconds = secondsOfDay ?? 0
        return "\(Day.pad(seconds / 3600, 2)):\(Day.pad(seconds / 60 % 60, 2)):\(Day.pad(seconds % 60, 2))"
    }

    /// `2026-06-09` or `2026-06-09T14:03:27Z`.
    public var description: String {
        secondsOfDay == nil ? day.description : "\(day)T\(clock)Z"
    }
}
