import QuireCore

/// A real calendar day; crashes the test on an impossible date, which is a mistake in the test.
package func day(_ year: Int, _ month: Int, _ day: Int) -> Day {
    Day(year: year, month: month, day: day)!
}
