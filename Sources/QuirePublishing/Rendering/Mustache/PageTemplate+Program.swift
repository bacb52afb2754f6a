import QuireCore

extension PageTemplate {
    /// A template's nodes flattened into one run of fixed-size instructions over a text arena,
    /// which the renderer reads through pointers.
    ///
    /// Walking the node tree copied every node and name it passed, and those are shared by every
    /// thread: the reference counting of the copies was a third of the time spent rendering
    /// (perf, 100,000-paper bench corpus). The instructions and the text hold no references.
    /// Immutable once made, so every thread may read it.
    final class Program: @unchecked Sendable {
        enum Kind: UInt8 {
            /// `bytes[a..<b]`.
            case text
            /// The value at `names[a..<b]`, escaped when `flag` is set.
            case variable
            /// The body `ops[i + 1..<end]` for the value at `names[a..<b]`; inverted when `flag` is set.
            case section
            /// The template `strings[a]`, indented by `bytes[b..<c]` when `flag` is set.
            case partial
            /// The template `strings[a]` with the blocks `blocks[b]` (bodies inside `ops[i + 1..<end]`).
            case parent
            /// The block `strings[a]`, whose default body is `ops[i + 1..<end]`.
            case block
        }

        struct Op {
            var kind: Kind
            var flag = false
            var a: Int32 = 0
            var b: Int32 = 0
            var c: Int32 = 0
            /// The index just past this instruction's body.
            var end: Int32 = 0
        }

        let ops: UnsafeMutableBufferPointer<Op>
        let bytes: UnsafeMutableBufferPointer<UInt8>
        /// The parts of every dotted name, one after another.
        let names: [TemplateName]
        /// The names of partials, parents and blocks.
        let strings: [String]
        /// Each parent's blocks: name → the range of `ops` holding its body.
        let blocks: [[String: Range<Int>]]

        init(_ nodes: [Node]) {
            var builder = Builder()
            builder.add(nodes)
            ops = .allocate(capacity: builder.ops.count)
            _ = ops.initialize(from: builder.ops)
            bytes = .allocate(capacity: builder.bytes.count)
            _ = bytes.initialize(from: builder.bytes)
            names = builder.names
            strings = builder.strings
            blocks = builder.blocks
        }

        deinit {
            ops.deallocate()
            bytes.deallocate()
        }

        private struct Builder {
            var ops: [Op] = []
            var bytes: [UInt8] = []
            var names: [TemplateName] = []
            var strings: [String] = []
            var blocks: [[String: Range<Int>]] = []

            mutating func add(_ nodes: [Node]) {
                for node in nodes {
                    switch node {
                    case .text(let text):
                        let start = bytes.count
                        bytes += text
                        ops.append(Op(kind: .text, a: Int32(start), b: Int32(bytes.count)))
                    case let .variable(path, escaped):
                        let (start, end) = addPath(path)
                        ops.append(Op(kind: .variable, flag: escaped, a: start, b: end))
                    case let .section(path, body, inverted):
                        let (start, end) = addPath(path)
                        let index = ops.count
                        ops.append(Op(kind: .section, flag: inverted, a: start, b: end))
                        add(body)
                        ops[index].end = Int32(ops.count)
                    case let .partial(name, indentation):
                        var op = Op(kind: .partial, flag: indentation != nil, a: addString(name))
                        if let indentation {
                            op.b = Int32(bytes.count)
                            bytes += indentation
                            op.c = Int32(bytes.count)
                        }
                        ops.append(op)
                    case let .parent(name, parentBlocks):
                        let index = ops.count
                        ops.append(Op(kind: .parent, a: addString(name), b: Int32(blocks.count)))
                        blocks.append([:])
                        var ranges: [String: Range<Int>] = [:]
                        for blockName in parentBlocks.keys.sorted() {
                            let start = ops.count
                            add(parentBlocks[blockName]!)
                            ranges[blockName] = start..<ops.count
                        }
                        blocks[Int(ops[index].b)] = ranges
                        ops[index].end = Int32(ops.count)
                    case let .block(name, defaultBody):
                        let index = ops.count
                        ops.append(Op(kind: .block, a: addString(name)))
                        add(defaultBody)
                        ops[index].end = Int32(ops.count)
                    }
                }
            }

            mutating func addPath(_ path: [TemplateName]) -> (Int32, Int32) {
                let start = names.count
                names += path
                return (Int32(start), Int32(names.count))
            }

            mutating func addString(_ string: String) -> Int32 {
                strings.append(string)
                return Int32(strings.count - 1)
            }
        }
    }
}
