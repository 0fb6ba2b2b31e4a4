//! The words of a loaded PDF, read straight off its pages' content streams. A CV needs its words in reading order
//! with a space between them, nothing of the layout: so this follows only what decides where words start and end —
//! the text and graphics matrices and each font's glyph widths — and decodes each string shown with its font's
//! encoding (`/Encoding`, `/Differences`, `/ToUnicode`, as lopdf reads them) in one call per string. Measured
//! against the general-purpose extractor it replaced (`pdf-extract`, which decoded and placed every character on
//! its own; 94 % of a long CV's reading time): docs/benchmarks.md, "reading a CV's text".

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Encoding, Object, ObjectId};

/// Form XObjects drawn inside form XObjects, followed this deep: real CVs nest one or two; a cycle stops here.
const MAX_FORM_DEPTH: usize = 8;
/// Saved graphics states (`q`) kept: real pages nest a handful; a file of a million `q`s grows no stack.
const MAX_SAVED_STATES: usize = 64;
/// A move to the right of more than this part of the font size is a gap between words, not kerning or tracking.
/// A space is a quarter to a third of an em in every common font; tightening kerning moves left.
const WORD_GAP_EM: f32 = 0.15;
/// A move up or down of more than this part of the font size starts a new line.
const LINE_GAP_EM: f32 = 0.5;
/// The width of a glyph whose font names none, in thousandths of an em: about an average letter.
const UNKNOWN_WIDTH: f32 = 500.0;
/// Content stream operations followed in one document, forms drawn many times counted each time: a 24-page CV
/// has about 50,000; a page drawing one large form a million times stops here rather than at the timeout.
const MAX_OPERATIONS: usize = 5_000_000;
/// Character codes a composite font's widths are read for: two-byte codes, and the work bounded by it too.
const MAX_CODES: u32 = 0x1_0000;

/// The text of every page, in the order the pages draw it, words separated by whitespace. Stops early once it
/// holds `limit` bytes.
pub fn text(doc: &Document, limit: usize) -> String {
    let mut reader =
        Reader { doc, fonts: HashMap::new(), out: String::new(), limit, pen: None, operations_left: MAX_OPERATIONS };
    for page_id in doc.get_pages().into_values() {
        if reader.full() {
            break;
        }
        let Ok(content) = doc.get_page_content(page_id) else { continue };
        let fonts = doc.get_page_fonts(page_id).unwrap_or_default();
        let page = Resources { fonts, xobjects: page_xobjects(doc, page_id) };
        reader.run(&content, &page, Matrix::IDENTITY, 0);
        reader.out.push('\n');
        reader.pen = None;
    }
    reader.out
}

struct Reader<'a> {
    doc: &'a Document,
    /// Each font dictionary read once per document (pages share their fonts), by its address in the document.
    fonts: HashMap<*const Dictionary, Rc<Font<'a>>>,
    out: String,
    limit: usize,
    /// Where the last string shown ended (device space) and the font size it was shown at.
    pen: Option<(Point, f32)>,
    operations_left: usize,
}

/// What a content stream may name: fonts for `Tf`, forms for `Do`.
struct Resources<'a> {
    fonts: std::collections::BTreeMap<Vec<u8>, &'a Dictionary>,
    xobjects: Option<&'a Dictionary>,
}

/// A font as far as words need it: how its bytes become text and how wide each glyph is.
struct Font<'a> {
    encoding: Option<Encoding<'a>>,
    /// Composite (Type0) fonts show two-byte codes (Identity-H, what PDF writers use for embedded subsets).
    two_byte: bool,
    first_char: u32,
    widths: Vec<f32>,
    /// Composite fonts: widths by code (`/W`), and the default (`/DW`).
    cid_widths: HashMap<u32, f32>,
    default_width: f32,
}

/// The text state (part of the graphics state, so `q`/`Q` save and restore it).
#[derive(Clone)]
struct TextState<'a> {
    font: Option<Rc<Font<'a>>>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    horizontal_scale: f32,
    leading: f32,
}

impl<'a> Reader<'a> {
    fn full(&self) -> bool {
        self.out.len() >= self.limit || self.operations_left == 0
    }

    /// Follows one content stream (a page's, or a form's inside it, `depth` forms deep).
    fn run(&mut self, content: &[u8], resources: &Resources<'a>, ctm: Matrix, depth: usize) {
        let Ok(content) = Content::decode(content) else { return };
        let mut ctm = ctm;
        let mut state = TextState {
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
        };
        let mut saved: Vec<(Matrix, TextState<'a>)> = Vec::new();
        let (mut tm, mut lm) = (Matrix::IDENTITY, Matrix::IDENTITY);
        for Operation { operator, operands } in &content.operations {
            if self.full() {
                return;
            }
            self.operations_left -= 1;
            let n = |i: usize| operands.get(i).and_then(number);
            match operator.as_str() {
                "q" if saved.len() < MAX_SAVED_STATES => saved.push((ctm, state.clone())),
                "Q" => {
                    if let Some((m, s)) = saved.pop() {
                        (ctm, state) = (m, s);
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::from_operands(operands) {
                        ctm = m.then(&ctm);
                    }
                }
                "BT" => (tm, lm) = (Matrix::IDENTITY, Matrix::IDENTITY),
                "Tf" => {
                    state.font = operands
                        .first()
                        .and_then(|o| o.as_name().ok())
                        .and_then(|name| resources.fonts.get(name).map(|dict| self.font(dict)));
                    state.size = n(1).unwrap_or(0.0);
                }
                "Tc" => state.char_spacing = n(0).unwrap_or(0.0),
                "Tw" => state.word_spacing = n(0).unwrap_or(0.0),
                "Tz" => state.horizontal_scale = n(0).unwrap_or(100.0) / 100.0,
                "TL" => state.leading = n(0).unwrap_or(0.0),
                "Td" | "TD" => {
                    let (tx, ty) = (n(0).unwrap_or(0.0), n(1).unwrap_or(0.0));
                    if operator == "TD" {
                        state.leading = -ty;
                    }
                    lm = Matrix::translation(tx, ty).then(&lm);
                    tm = lm;
                }
                "Tm" => {
                    if let Some(m) = Matrix::from_operands(operands) {
                        (tm, lm) = (m, m);
                    }
                }
                "T*" => {
                    lm = Matrix::translation(0.0, -state.leading).then(&lm);
                    tm = lm;
                }
                "Tj" | "'" | "\"" | "TJ" => {
                    if operator != "Tj" && operator != "TJ" {
                        if operator == "\"" {
                            state.word_spacing = n(0).unwrap_or(state.word_spacing);
                            state.char_spacing = n(1).unwrap_or(state.char_spacing);
                        }
                        lm = Matrix::translation(0.0, -state.leading).then(&lm);
                        tm = lm;
                    }
                    let shown = match operator.as_str() {
                        "TJ" => operands.first().and_then(|o| o.as_array().ok()).map(Vec::as_slice),
                        "\"" => operands.get(2).map(std::slice::from_ref),
                        _ => operands.first().map(std::slice::from_ref),
                    };
                    for item in shown.unwrap_or_default() {
                        match item {
                            Object::String(bytes, _) => self.show(bytes, &state, &mut tm, &ctm),
                            other => {
                                if let Some(adjust) = number(other) {
                                    let tx = -adjust / 1000.0 * state.size * state.horizontal_scale;
                                    tm = Matrix::translation(tx, 0.0).then(&tm);
                                }
                            }
                        }
                    }
                }
                "Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                        self.form(name, resources, ctm, depth);
                    }
                }
                _ => {}
            }
        }
    }

    /// Draws the form XObject `name` (its own resources, or the caller's when it has none), on lines of its own.
    fn form(&mut self, name: &[u8], resources: &Resources<'a>, ctm: Matrix, depth: usize) {
        let doc = self.doc;
        let Some(stream) = resources
            .xobjects
            .and_then(|x| x.get(name).ok())
            .and_then(|o| deref(doc, o).as_stream().ok())
            .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Form"))
        else {
            return;
        };
        let Ok(content) = stream.decompressed_content() else { return };
        let own = stream.dict.get(b"Resources").ok().and_then(|o| deref(doc, o).as_dict().ok());
        let form_resources = match own {
            Some(dict) => Resources { fonts: fonts_in(doc, dict), xobjects: sub_dict(doc, dict, b"XObject") },
            None => Resources { fonts: resources.fonts.clone(), xobjects: resources.xobjects },
        };
        let matrix = stream.dict.get(b"Matrix").ok().and_then(|o| o.as_array().ok());
        let ctm = matrix.and_then(|m| Matrix::from_operands(m)).unwrap_or(Matrix::IDENTITY).then(&ctm);
        self.out.push('\n');
        self.pen = None;
        self.run(&content, &form_resources, ctm, depth + 1);
        self.out.push('\n');
        self.pen = None;
    }

    /// Writes one shown string, after a space or a line break when it starts away from where the last one ended,
    /// and moves the text matrix past its glyphs.
    fn show(&mut self, bytes: &[u8], state: &TextState<'a>, tm: &mut Matrix, ctm: &Matrix) {
        let Some(font) = state.font.clone() else { return };
        let device = tm.then(ctm);
        let start = device.origin();
        let size = (state.size * device.vertical_scale()).abs();
        if let Some((end, last_size)) = self.pen {
            let em = size.max(last_size).max(f32::EPSILON);
            let (dx, dy) = (start.x - end.x, start.y - end.y);
            if dy.abs() > LINE_GAP_EM * em {
                self.out.push('\n');
            } else if dx > WORD_GAP_EM * em || dx < -em {
                self.out.push(' ');
            }
        }
        if let Some(encoding) = &font.encoding {
            // A string its encoding cannot read adds nothing rather than guesses.
            if state.char_spacing * state.horizontal_scale > WORD_GAP_EM * state.size {
                // Spacing as wide as a space between every glyph: some writers (Ghostscript's justification)
                // put the gap between two words inside one string this way.
                for (i, code) in bytes.chunks(font.code_len()).enumerate() {
                    if i > 0 {
                        self.out.push(' ');
                    }
                    let _ = encoding.write_to_string(code, &mut self.out);
                }
            } else {
                let _ = encoding.write_to_string(bytes, &mut self.out);
            }
        }
        let advance = font.advance(bytes, state);
        *tm = Matrix::translation(advance, 0.0).then(tm);
        self.pen = Some((tm.then(ctm).origin(), size));
    }

    fn font(&mut self, dict: &'a Dictionary) -> Rc<Font<'a>> {
        let doc = self.doc;
        self.fonts.entry(dict as *const Dictionary).or_insert_with(|| Rc::new(Font::read(doc, dict))).clone()
    }
}

impl<'a> Font<'a> {
    fn read(doc: &'a Document, dict: &'a Dictionary) -> Font<'a> {
        let two_byte = dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Type0");
        let mut font = Font {
            encoding: dict.get_font_encoding(doc).ok(),
            two_byte,
            first_char: 0,
            widths: Vec::new(),
            cid_widths: HashMap::new(),
            default_width: UNKNOWN_WIDTH,
        };
        if two_byte {
            let descendant = dict
                .get(b"DescendantFonts")
                .ok()
                .and_then(|o| deref(doc, o).as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| deref(doc, o).as_dict().ok());
            if let Some(cid) = descendant {
                font.default_width = cid.get(b"DW").ok().and_then(number).unwrap_or(1000.0);
                if let Some(w) = cid.get(b"W").ok().and_then(|o| deref(doc, o).as_array().ok()) {
                    font.cid_widths = cid_widths(doc, w);
                }
            }
        } else {
            font.first_char = dict.get(b"FirstChar").ok().and_then(number).map_or(0, |n| n.max(0.0) as u32);
            if let Some(w) = dict.get(b"Widths").ok().and_then(|o| deref(doc, o).as_array().ok()) {
                font.widths = w.iter().map(|o| number(deref(doc, o)).unwrap_or(UNKNOWN_WIDTH)).collect();
            }
        }
        font
    }

    /// Bytes per character code.
    fn code_len(&self) -> usize {
        if self.two_byte {
            2
        } else {
            1
        }
    }

    /// How far showing `bytes` moves the text position, in text space (PDF 32000-1, 9.4.4).
    fn advance(&self, bytes: &[u8], state: &TextState) -> f32 {
        let mut total = 0.0;
        for code in bytes.chunks(self.code_len()) {
            let code = code.iter().fold(0u32, |acc, b| acc << 8 | u32::from(*b));
            let width = self.width(code) / 1000.0 * state.size;
            let word = if !self.two_byte && code == 32 { state.word_spacing } else { 0.0 };
            total += (width + state.char_spacing + word) * state.horizontal_scale;
        }
        total
    }

    fn width(&self, code: u32) -> f32 {
        if self.two_byte {
            return self.cid_widths.get(&code).copied().unwrap_or(self.default_width);
        }
        code.checked_sub(self.first_char).and_then(|i| self.widths.get(i as usize)).copied().unwrap_or(UNKNOWN_WIDTH)
    }
}

/// A composite font's `/W` array: `c [w1 w2 …]` gives codes from c on, `first last w` one width to a range.
/// Codes past two bytes are left out, and so is everything after `MAX_CODES` widths: a hostile array of many
/// `0 65535 500` ranges can neither fill the memory nor take long.
fn cid_widths(doc: &Document, w: &[Object]) -> HashMap<u32, f32> {
    let mut widths = HashMap::new();
    let mut budget = MAX_CODES;
    let mut insert = |code: u32, width: f32| {
        if code < MAX_CODES && budget > 0 {
            budget -= 1;
            widths.insert(code, width);
        }
        budget > 0
    };
    let mut i = 0;
    while i < w.len() {
        let Some(first) = number(&w[i]).map(|n| n.max(0.0) as u32) else { break };
        match w.get(i + 1).map(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, o) in list.iter().enumerate() {
                    if !insert(first.saturating_add(k as u32), number(o).unwrap_or(UNKNOWN_WIDTH)) {
                        break;
                    }
                }
                i += 2;
            }
            Some(last) => {
                let (Some(last), Some(width)) = (number(last), w.get(i + 2).and_then(number)) else { break };
                let last = (last.max(0.0) as u32).min(MAX_CODES - 1);
                for code in first..=last {
                    if !insert(code, width) {
                        break;
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
    widths
}

/// The fonts a resource dictionary names.
fn fonts_in<'a>(doc: &'a Document, resources: &'a Dictionary) -> std::collections::BTreeMap<Vec<u8>, &'a Dictionary> {
    sub_dict(doc, resources, b"Font")
        .map(|fonts| {
            fonts.iter().filter_map(|(name, o)| deref(doc, o).as_dict().ok().map(|d| (name.clone(), d))).collect()
        })
        .unwrap_or_default()
}

/// The XObjects a page can draw: its own resources', or the nearest ancestor's.
fn page_xobjects(doc: &Document, page_id: ObjectId) -> Option<&Dictionary> {
    let (own, inherited) = doc.get_page_resources(page_id).ok()?;
    own.into_iter()
        .chain(inherited.into_iter().filter_map(|id| doc.get_dictionary(id).ok()))
        .find_map(|resources| sub_dict(doc, resources, b"XObject"))
}

fn sub_dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    dict.get(key).ok().and_then(|o| deref(doc, o).as_dict().ok())
}

/// An object, or the one a reference points at (one step: the parser has already resolved object streams).
fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(object),
        other => other,
    }
}

fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Point {
    x: f32,
    y: f32,
}

/// An affine matrix `[a b c d e f]` as PDF writes it (row vector times matrix).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    fn translation(tx: f32, ty: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, tx, ty])
    }

    fn from_operands(operands: &[Object]) -> Option<Matrix> {
        let mut m = [0.0; 6];
        for (slot, o) in m.iter_mut().zip(operands) {
            *slot = number(o)?;
        }
        (operands.len() >= 6).then_some(Matrix(m))
    }

    /// This matrix, then `next`: self × next.
    fn then(&self, next: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = next.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn origin(&self) -> Point {
        Point { x: self.0[4], y: self.0[5] }
    }

    /// How much the matrix stretches a glyph's height: the font size's factor to device space.
    fn vertical_scale(&self) -> f32 {
        self.0[2].hypot(self.0[3])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_in_pdf_order() {
        let scale_then_move = Matrix([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]).then(&Matrix::translation(10.0, 5.0));
        assert_eq!(scale_then_move.origin(), Point { x: 10.0, y: 5.0 });
        let moved = Matrix::translation(3.0, 0.0).then(&scale_then_move);
        assert_eq!(moved.origin(), Point { x: 16.0, y: 5.0 });
        assert_eq!(moved.vertical_scale(), 2.0);
    }

    #[test]
    fn composite_font_widths_read_both_forms_and_bound_the_work() {
        let doc = Document::new();
        let w = vec![
            Object::Integer(3),
            Object::Array(vec![Object::Integer(250), Object::Real(300.5)]),
            Object::Integer(10),
            Object::Integer(12),
            Object::Integer(600),
        ];
        let widths = cid_widths(&doc, &w);
        assert_eq!(widths.get(&3), Some(&250.0));
        assert_eq!(widths.get(&4), Some(&300.5));
        assert_eq!(widths.get(&12), Some(&600.0));
        assert_eq!(widths.len(), 5);
        let hostile: Vec<Object> =
            [0, i64::from(u32::MAX), 1].iter().cycle().take(3 * 1000).map(|n| Object::Integer(*n)).collect();
        let widths = cid_widths(&doc, &hostile);
        assert_eq!(widths.len(), MAX_CODES as usize, "two-byte codes only");
        assert_eq!(widths.get(&5), Some(&1.0));
    }
}
