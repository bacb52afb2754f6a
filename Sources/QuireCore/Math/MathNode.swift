/// A formula of the supported TeX subset, parsed: what MathML and the plain-text form are
/// written from.
indirect enum MathNode: Equatable, Sendable {
    /// A letter or name: `x`, `α`, `log`; `upright` for names and `\mathrm` (MathML's `mathvariant="normal"`).
    case identifier(String, upright: Bool)
    case number(String)
    /// An operator, relation, fence or punctuation; `stretchy` for `\left`/`\right` fences.
    case op(String, kind: OperatorKind)
    case text(String)
    /// Horizontal space in em.
    case space(Double)
    case row([MathNode])
    case scripts(base: MathNode, sub: MathNode?, sup: MathNode?)
    case fraction(MathNode, MathNode)
    /// `\binom{n}{k}`: `n` over `k` with no bar, in parentheses.
    case binomial(MathNode, MathNode)
    case root(MathNode, index: MathNode?)
    /// `\tilde{x}` and the like: `mark` over (or under) the base.
    case accent(MathNode, mark: String, combining: Unicode.Scalar, under: Bool)
    /// `\overset{over}{base}`, `\underset{under}{base}`.
    case overUnder(MathNode, over: MathNode?, under: MathNode?)
    /// `\left( … \right)`: the fences (empty for `.`) around a row.
    case fenced(open: String, body: [MathNode], close: String)

    /// How an operator is spaced in the plain-text form.
    enum OperatorKind: Equatable, Sendable {
        case ordinary
        /// `=`, `≤`, `→`, `∈`…: a space either side in plain text.
        case relation
        /// `+`, `−`, `×`, `·`…
        case binary
        /// `\colon`: no space before, a space after.
        case punctuation
        /// `\left(` and `\right)`.
        case fence
        /// `∑`, `∏`, `∫`.
        case large
    }
}
