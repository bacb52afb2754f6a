/// The commands of the supported TeX subset and what each stands for.
enum MathSymbols {
    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ",
        "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ",
        "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ",
        "omega": "ω", "varkappa": "ϰ", "digamma": "ϝ",
    ]
    /// Capital Greek letters, upright in TeX.
    static let capitalGreek: [String: String] = [
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
        "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]
    /// Letter-like symbols, written as identifiers.
    static let letterlike: [String: String] = [
        "ell": "ℓ", "hbar": "ℏ", "infty": "∞", "partial": "∂", "nabla": "∇", "emptyset": "∅",
        "varnothing": "∅", "aleph": "ℵ", "Re": "ℜ", "Im": "ℑ", "wp": "℘", "top": "⊤", "bot": "⊥",
        "prime": "′", "dagger": "†", "star": "⋆", "ast": "∗", "forall": "∀", "exists": "∃",
        "neg": "¬", "lnot": "¬", "cdots": "⋯", "ldots": "…", "dots": "…", "vdots": "⋮", "ddots": "⋱",
        "checkmark": "✓", "angle": "∠", "triangle": "△", "Box": "□", "surd": "√",
        "dotsc": "…", "dotso": "…", "dotsb": "⋯", "dotsm": "⋯", "dotsi": "⋯", "nexists": "∄", "square": "□",
        "blacksquare": "■", "Diamond": "◇", "lozenge": "◊", "bigstar": "★", "blacktriangle": "▴",
        "triangledown": "▿", "circledR": "®", "circledS": "Ⓢ", "degree": "°", "ddagger": "‡", "dag": "†",
        "ddag": "‡", "S": "§", "P": "¶", "copyright": "©", "imath": "ı", "jmath": "ȷ", "complement": "∁",
        "mho": "℧", "eth": "ð", "hslash": "ℏ", "beth": "ℶ", "gimel": "ℷ", "daleth": "ℸ", "backprime": "‵",
        "flat": "♭", "natural": "♮", "sharp": "♯", "clubsuit": "♣", "diamondsuit": "♢", "heartsuit": "♡",
        "spadesuit": "♠", "measuredangle": "∡", "sphericalangle": "∢", "Game": "⅁", "Finv": "Ⅎ",
    ]
    static let relations: [String: String] = [
        "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼",
        "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫", "lesssim": "≲",
        "gtrsim": "≳", "prec": "≺", "succ": "≻", "preceq": "⪯", "succeq": "⪰", "in": "∈", "notin": "∉",
        "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇", "to": "→",
        "rightarrow": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒", "Leftarrow": "⇐",
        "leftrightarrow": "↔", "Leftrightarrow": "⇔", "iff": "⟺", "implies": "⟹", "mapsto": "↦",
        "longrightarrow": "⟶", "longleftarrow": "⟵", "Longrightarrow": "⟹", "uparrow": "↑",
        "downarrow": "↓", "mid": "∣", "parallel": "∥", "perp": "⊥", "models": "⊨", "vdash": "⊢",
        "coloneqq": "≔", "doteq": "≐", "asymp": "≍", "triangleq": "≜", "nrightarrow": "↛",
        "nleftarrow": "↚", "nRightarrow": "⇏", "nLeftarrow": "⇍", "nleftrightarrow": "↮", "nLeftrightarrow": "⇎",
        "Longleftarrow": "⟸", "Longleftrightarrow": "⟺", "longleftrightarrow": "⟷", "longmapsto": "⟼",
        "impliedby": "⟸", "hookrightarrow": "↪", "hookleftarrow": "↩", "rightharpoonup": "⇀",
        "rightharpoondown": "⇁", "leftharpoonup": "↼", "leftharpoondown": "↽", "rightleftharpoons": "⇌",
        "leftrightharpoons": "⇋", "rightleftarrows": "⇄", "leftrightarrows": "⇆", "rightrightarrows": "⇉",
        "leftleftarrows": "⇇", "upuparrows": "⇈", "downdownarrows": "⇊", "nearrow": "↗", "searrow": "↘",
        "swarrow": "↙", "nwarrow": "↖", "Uparrow": "⇑", "Downarrow": "⇓", "updownarrow": "↕",
        "Updownarrow": "⇕", "twoheadrightarrow": "↠", "twoheadleftarrow": "↞", "rightarrowtail": "↣",
        "leftarrowtail": "↢", "looparrowright": "↬", "looparrowleft": "↫", "curvearrowright": "↷",
        "curvearrowleft": "↶", "circlearrowright": "↻", "circlearrowleft": "↺", "leadsto": "⇝",
        "rightsquigarrow": "⇝", "leftrightsquigarrow": "↭", "Rrightarrow": "⇛", "Lleftarrow": "⇚",
        "multimap": "⊸", "vDash": "⊨", "Vdash": "⊩", "Vvdash": "⊪", "dashv": "⊣", "nvdash": "⊬",
        "nvDash": "⊭", "nVdash": "⊮", "nmid": "∤", "nparallel": "∦", "shortmid": "∣", "nshortmid": "∤",
        "shortparallel": "∥", "subsetneq": "⊊", "supsetneq": "⊋", "nsubseteq": "⊈", "nsupseteq": "⊉",
        "Subset": "⋐", "Supset": "⋑", "sqsubseteq": "⊑", "sqsupseteq": "⊒", "sqsubset": "⊏", "sqsupset": "⊐",
        "lll": "⋘", "ggg": "⋙", "leqslant": "⩽", "geqslant": "⩾", "leqq": "≦", "geqq": "≧", "nleq": "≰",
        "ngeq": "≱", "nless": "≮", "ngtr": "≯", "lneq": "⪇", "gneq": "⪈", "lneqq": "≨", "gneqq": "≩",
        "lessapprox": "⪅", "gtrapprox": "⪆", "approxeq": "≊", "thicksim": "∼", "thickapprox": "≈",
        "backsim": "∽", "backsimeq": "⋍", "eqsim": "≂", "nsim": "≁", "ncong": "≇", "bowtie": "⋈",
        "Join": "⋈", "smile": "⌣", "frown": "⌢", "owns": "∋", "preccurlyeq": "≼", "succcurlyeq": "≽",
        "precsim": "≾", "succsim": "≿", "nprec": "⊀", "nsucc": "⊁", "trianglelefteq": "⊴",
        "trianglerighteq": "⊵", "vartriangleleft": "⊲", "vartriangleright": "⊳", "ntriangleleft": "⋪",
        "ntriangleright": "⋫", "lessgtr": "≶", "gtrless": "≷", "lesseqgtr": "⋚", "gtreqless": "⋛",
        "eqcirc": "≖", "circeq": "≗", "bumpeq": "≏", "Bumpeq": "≎", "doteqdot": "≑", "risingdotseq": "≓",
        "fallingdotseq": "≒", "eqqcolon": "≕", "eqcolon": "≕", "coloneq": "≔", "between": "≬",
        "pitchfork": "⋔", "varpropto": "∝", "therefore": "∴", "because": "∵", "nsubset": "⊄",
        "nsupset": "⊅", "napprox": "≉", "nequiv": "≢", "notni": "∌",
    ]
    static let binaries: [String: String] = [
        "cdot": "⋅", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "circ": "∘", "bullet": "∙",
        "oplus": "⊕", "ominus": "⊖", "otimes": "⊗", "odot": "⊙", "cup": "∪", "cap": "∩",
        "setminus": "∖", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨", "sqcup": "⊔", "sqcap": "⊓",
        "uplus": "⊎", "diamond": "⋄", "oslash": "⊘", "boxtimes": "⊠", "boxplus": "⊞", "boxminus": "⊟",
        "boxdot": "⊡", "circledast": "⊛", "circledcirc": "⊚", "circleddash": "⊝", "ltimes": "⋉", "rtimes": "⋊",
        "leftthreetimes": "⋋", "rightthreetimes": "⋌", "bigtriangleup": "△", "bigtriangledown": "▽",
        "triangleleft": "◁", "triangleright": "▷", "lhd": "⊲", "rhd": "⊳", "unlhd": "⊴", "unrhd": "⊵",
        "amalg": "⨿", "wr": "≀", "dotplus": "∔", "divideontimes": "⋇", "intercal": "⊺", "curlyvee": "⋎",
        "curlywedge": "⋏", "barwedge": "⌅", "veebar": "⊻", "smallsetminus": "∖", "centerdot": "⋅",
        "bigcirc": "◯", "Cap": "⋒", "Cup": "⋓", "doublebarwedge": "⩞", "cdotp": "⋅",
    ]
    static let largeOperators: [String: String] = [
        "sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬", "iiint": "∭", "oint": "∮",
        "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁", "bigotimes": "⨂", "bigvee": "⋁", "bigwedge": "⋀",
        "bigsqcup": "⨆", "bigsqcap": "⨅", "biguplus": "⨄", "bigodot": "⨀", "oiint": "∯", "oiiint": "∰",
        "iiiint": "⨌", "intop": "∫", "smallint": "∫",
    ]
    /// Fences and delimiters, usable after `\left`, `\right` and `\big`.
    static let delimiters: [String: String] = [
        "{": "{", "}": "}", "langle": "⟨", "rangle": "⟩", "lvert": "|", "rvert": "|", "vert": "|",
        "lVert": "‖", "rVert": "‖", "|": "‖", "Vert": "‖", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈",
        "rceil": "⌉", "lbrace": "{", "rbrace": "}", "lbrack": "[", "rbrack": "]", "lparen": "(", "rparen": ")",
        "llbracket": "⟦", "rrbracket": "⟧", "lgroup": "⟮", "rgroup": "⟯", "ulcorner": "⌜", "urcorner": "⌝",
        "llcorner": "⌞", "lrcorner": "⌟", "backslash": "\\",
    ]
    /// Operator names set upright (`\log n`).
    static let functionNames: Set<String> = [
        "log", "ln", "lg", "exp", "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan",
        "sinh", "cosh", "tanh", "max", "min", "sup", "inf", "lim", "liminf", "limsup", "arg", "det",
        "dim", "ker", "deg", "gcd", "Pr", "hom", "mod", "bmod", "argmax", "argmin", "coth", "sech", "csch",
        "arccot", "injlim", "projlim",
    ]
    /// Spaces in em.
    static let spaces: [String: Double] = [
        ",": 0.1667, ":": 0.2222, ">": 0.2222, ";": 0.2778, " ": 0.3333, "quad": 1, "qquad": 2,
        "thinspace": 0.1667, "enspace": 0.5, "!": -0.1667, "space": 0.3333, "nobreakspace": 0.3333,
        "enskip": 0.5, "medspace": 0.2222, "thickspace": 0.2778, "negthinspace": -0.1667,
    ]
    /// Accents: the mark MathML draws over the base, and the combining character the plain text uses.
    static let accents: [String: (mark: String, combining: Unicode.Scalar)] = [
        "tilde": ("~", "\u{0303}"), "widetilde": ("~", "\u{0303}"), "hat": ("^", "\u{0302}"),
        "widehat": ("^", "\u{0302}"), "bar": ("‾", "\u{0304}"), "overline": ("‾", "\u{0305}"),
        "vec": ("→", "\u{20D7}"), "overrightarrow": ("→", "\u{20D7}"), "dot": ("˙", "\u{0307}"),
        "ddot": ("¨", "\u{0308}"), "breve": ("˘", "\u{0306}"), "check": ("ˇ", "\u{030C}"),
        "acute": ("´", "\u{0301}"), "grave": ("`", "\u{0300}"), "mathring": ("˚", "\u{030A}"),
        "overleftarrow": ("←", "\u{20D6}"), "overleftrightarrow": ("↔", "\u{20E1}"),
        // amsmath's capitalised forms, which only stack better
        "Tilde": ("~", "\u{0303}"), "Hat": ("^", "\u{0302}"), "Bar": ("‾", "\u{0304}"),
        "Vec": ("→", "\u{20D7}"), "Dot": ("˙", "\u{0307}"), "Ddot": ("¨", "\u{0308}"),
        "Breve": ("˘", "\u{0306}"), "Check": ("ˇ", "\u{030C}"), "Acute": ("´", "\u{0301}"),
        "Grave": ("`", "\u{0300}"),
    ]
    /// Commands that only change the size or style of what follows; the formula reads the same without them.
    static let ignored: Set<String> = [
        "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits", "big", "Big", "bigg", "Bigg",
        "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "bigm", "Bigm", "biggm", "Biggm",
        "scriptscriptstyle", "tiny", "scriptsize", "footnotesize", "small", "normalsize", "large", "Large",
        "LARGE", "huge", "Huge", "displaylimits", "nonumber", "notag", "allowbreak", "nobreak", "relax",
        "strut", "mathstrut", "noindent",
    ]
    /// A style a font command gives letters: upright (`\rm`, `\mathrm`) or a math alphabet.
    enum Style: Equatable {
        case upright
        case alphabet(Alphabet)
    }

    /// Plain TeX's font switches, which set the rest of their group: `{\rm d}x`, `{\bf x}`.
    static let styleSwitches: [String: Style] = [
        "rm": .upright, "bf": .alphabet(.bold), "it": .alphabet(.italic), "mit": .alphabet(.italic),
        "cal": .alphabet(.script), "sf": .alphabet(.sansSerif), "tt": .alphabet(.monospace),
    ]

    /// Other names of the math alphabets: `\bm` (bm), `\mathbbm` and `\mathds` (double-struck
    /// digits), `\Bbb`, and unicode-math's `\sym…` and `\mathbfit`.
    static let alphabetAliases: [String: Alphabet] = [
        "bm": .boldItalic, "pmb": .boldItalic, "mathbfit": .boldItalic, "mathbbm": .doubleStruck,
        "mathds": .doubleStruck, "Bbb": .doubleStruck, "symbf": .bold, "symit": .italic, "symbb": .doubleStruck,
        "symcal": .script, "symscr": .scriptAlternative, "symfrak": .fraktur, "symsf": .sansSerif,
        "symtt": .monospace, "symbfit": .boldItalic,
    ]

    /// Characters TeX escapes with a backslash, as themselves.
    static let escaped: [String: String] = ["%": "%", "$": "$", "&": "&", "#": "#", "_": "_", "{": "{", "}": "}"]

    // MARK: - Alphabets

    /// Letters and digits in a math alphabet (`\mathbf`, `\mathbb`…), as Unicode's Mathematical
    /// Alphanumeric Symbols: MathML Core has no `mathvariant` but `normal`, so the characters
    /// themselves carry the style, and the plain text keeps it.
    enum Alphabet: String, CaseIterable {
        case bold = "mathbf", doubleStruck = "mathbb", script = "mathcal", fraktur = "mathfrak"
        case sansSerif = "mathsf", monospace = "mathtt", boldItalic = "boldsymbol", italic = "mathit"
        case scriptAlternative = "mathscr"

        /// The first code points of A, a and 0, where the alphabet has them.
        var starts: (upper: UInt32, lower: UInt32?, digit: UInt32?) {
            switch self {
            case .bold: return (0x1D400, 0x1D41A, 0x1D7CE)
            case .italic: return (0x1D434, 0x1D44E, nil)
            case .boldItalic: return (0x1D468, 0x1D482, 0x1D7CE)
            case .script, .scriptAlternative: return (0x1D49C, 0x1D4B6, nil)
            case .fraktur: return (0x1D504, 0x1D51E, nil)
            case .doubleStruck: return (0x1D538, 0x1D552, 0x1D7D8)
            case .sansSerif: return (0x1D5A0, 0x1D5BA, 0x1D7E2)
            case .monospace: return (0x1D670, 0x1D68A, 0x1D7F6)
            }
        }

        /// The letters Unicode encoded before the block, which leaves holes for them.
        var exceptions: [Character: Character] {
            switch self {
            case .italic: return ["h": "ℎ"]
            case .script, .scriptAlternative:
                return [
                    "B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "L": "ℒ", "M": "ℳ", "R": "ℛ",
                    "e": "ℯ", "g": "ℊ", "o": "ℴ",
                ]
            case .fraktur: return ["C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"]
            case .doubleStruck: return ["C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ"]
            default: return [:]
            }
        }

        /// `character` in this alphabet, or nil when the alphabet has no such character.
        func map(_ character: Character) -> Character? {
            if let special = exceptions[character] { return special }
            guard let ascii = character.asciiValue else { return nil }
            let (upper, lower, digit) = starts
            let value: UInt32
            switch ascii {
            case 0x41...0x5A: value = upper + UInt32(ascii - 0x41)
            case 0x61...0x7A:
                guard let lower else { return nil }
                value = lower + UInt32(ascii - 0x61)
            case 0x30...0x39:
                guard let digit else { return nil }
                value = digit + UInt32(ascii - 0x30)
            default: return nil
            }
            return Unicode.Scalar(value).map(Character.init)
        }
    }
}
