import QuireCore

extension PageTemplate {
    /// Renders with `context` as the root value; partials and parents come from `library`.
    public func render(_ context: TemplateValue, library: [String: PageTemplate]) -> [UInt8] {
        var renderer = Renderer(library: library)
        renderer.output.reserveCapacity(16 * 1024)
        renderer.stack.append(context)
        renderer.run(program, 0..<program.ops.count)
        return renderer.output
    }

    struct Renderer {
        let library: [String: PageTemplate]
        var output: [UInt8] = []
        var stack: [TemplateValue] = []
        /// Block replacements of the parents being rendered, outermost child first: the program
        /// holding them, and each block's range of its instructions.
        var blockOverrides: [(program: Program, blocks: [String: Range<Int>])] = []
        var depth = 0

        /// Deep enough for any sane theme; stops a partial that includes itself.
        static let maximumDepth = 64

        /// Renders the instructions `range` of `program`.
        mutating func run(_ program: Program, _ range: Range<Int>) {
            let ops = program.ops
            var index = range.lowerBound
            while index < range.upperBound {
                let op = ops[index]
                index += 1
                switch op.kind {
                case .text:
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: program.bytes[Int(op.a)..<Int(op.b)]))
                case .variable:
                    guard let value = lookup(program, Int(op.a)..<Int(op.b)) else { continue }
                    appendText(of: value, escaped: op.flag)
                case .section:
                    renderSection(
                        lookup(program, Int(op.a)..<Int(op.b)), program: program, body: index..<Int(op.end),
                        inverted: op.flag)
                    index = Int(op.end)
                case .partial:
                    guard let template = library[program.strings[Int(op.a)]], depth < Self.maximumDepth else {
                        continue
                    }
                    depth += 1
                    if op.flag, op.b < op.c {
                        let start = output.count
                        run(template.program, 0..<template.program.ops.count)
                        indent(from: start, with: UnsafeBufferPointer(rebasing: program.bytes[Int(op.b)..<Int(op.c)]))
                    } else {
                        run(template.program, 0..<template.program.ops.count)
                    }
                    depth -= 1
                case .parent:
                    index = Int(op.end)
                    guard let template = library[program.strings[Int(op.a)]], depth < Self.maximumDepth else {
                        continue
                    }
                    depth += 1
                    blockOverrides.append((program, program.blocks[Int(op.b)]))
                    run(template.program, 0..<template.program.ops.count)
                    blockOverrides.removeLast()
                    depth -= 1
                case .block:
                    if let (overrideProgram, body) = override(for: program.strings[Int(op.a)]) {
                        run(overrideProgram, body)
                    } else {
                        run(program, index..<Int(op.end))
                    }
                    index = Int(op.end)
                }
            }
        }

        /// The outermost child's replacement for a block wins, as the spec asks.
        func override(for name: String) -> (Program, Range<Int>)? {
            for (program, blocks) in blockOverrides {
                if let body = blocks[name] { return (program, body) }
            }
            return nil
        }

        mutating func renderSection(_ value: TemplateValue?, program: Program, body: Range<Int>, inverted: Bool) {
            switch value {
            case nil, .bool(false):
                if inverted { run(program, body) }
            case .list(let items):
                if inverted {
                    if items.isEmpty { run(program, body) }
                    return
                }
                for item in items {
                    stack.append(item)
                    run(program, body)
                    stack.removeLast()
                }
            case .bool(true):
                if !inverted { run(program, body) }
            case .some(let value):
                if inverted { return }
                stack.append(value)
                run(program, body)
                stack.removeLast()
            }
        }

        /// A dotted name (`program.names[path]`): its first part is looked up from the innermost
        /// context outwards, the rest inside what was found.
        func lookup(_ program: Program, _ path: Range<Int>) -> TemplateValue? {
            guard !path.isEmpty else { return stack.last }
            let first = program.names[path.lowerBound]
            var found = stack.withUnsafeBufferPointer { levels -> TemplateValue? in
                var level = levels.count - 1
                while level >= 0 {
                    if let match = levels[level].field(first) { return match }
                    level -= 1
                }
                return nil
            }
            for position in path.dropFirst() {
                guard let value = found else { return nil }
                found = value.field(program.names[position])
            }
            return found
        }

        mutating func appendText(of value: TemplateValue, escaped: Bool) {
            switch value {
            case .string(let text):
                if escaped { HTMLEscaping.append(text, to: &output) } else { output.append(contentsOf: text.utf8) }
            case .int(let number):
                output.append(contentsOf: String(number).utf8)
            case .bool(let flag):
                output.append(contentsOf: (flag ? "true" : "false").utf8)
            case .list, .object:
                break
            }
        }

        /// Indents every line a standalone partial wrote by the whitespace its tag stood after.
        mutating func indent(from start: Int, with indentation: UnsafeBufferPointer<UInt8>) {
            guard start < output.count else { return }
            let lastInner = output.count - 1  // a final newline starts no line of the partial's
            var lineStarts = [start]
            var index = start
            while index < lastInner {
                if output[index] == 0x0A { lineStarts.append(index + 1) }
                index += 1
            }
            if lineStarts.count == 1 {
                output.insert(contentsOf: indentation, at: start)  // the usual one-line partial
                return
            }
            var indented: [UInt8] = []
            indented.reserveCapacity(output.count - start + lineStarts.count * indentation.count)
            var previous = start
            for lineStart in lineStarts.dropFirst() {
                indented.append(contentsOf: indentation)
                indented.append(contentsOf: output[previous..<lineStart])
                previous = lineStart
            }
            indented.append(contentsOf: indentation)
            indented.append(contentsOf: output[previous...])
            output.replaceSubrange(start..<output.count, with: indented)
        }
    }
}
