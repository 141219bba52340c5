//! `lineage export ropa`: a record of processing activities (GDPR Art. 30), one row per purpose and
//! the data the notice states it uses, with the columns of a regulator's template (the UK ICO's
//! documentation template, or the French CNIL's register) and those counsel add: named recipients,
//! region scope, source rows, stated or derived. A cell the notice does not answer says so; the last
//! row gives each column's coverage. As CSV (formula-safe) or as an Excel workbook.

use petgraph::graph::NodeIndex;

use super::{cite_reasons, cite_rows, NOT_STATED};
use crate::{
    dataset::{
        model::{EdgeKind, NodeKind, Party},
        Dataset,
    },
    relation::{Basis, Cite, Reach, Relations, Route, Use},
};

/// Whose template gives the columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// The UK Information Commissioner's Office documentation template (controllers).
    Ico,
    /// The French CNIL's register of processing activities.
    Cnil,
}

/// The columns, in order: the template's, then the ones no template has.
const ICO: &[&str] = &[
    "Business function",
    "Purpose of processing",
    "Categories of individuals",
    "Categories of personal data",
    "Personal data",
    "Article 6 lawful basis for processing",
    "Legitimate interests for the processing",
    "Source of the personal data",
    "Categories of recipients",
    "Names of third countries or international organisations that personal data are transferred to",
    "Safeguards for exceptional transfers of personal data to third countries or international organisations",
    "Retention schedule",
    "General description of technical and organisational security measures",
    "Named recipients",
    "Region scope",
    "Source rows",
    "Stated or derived",
    "Derived because",
    "Purpose id",
    "Data id",
    "Legal basis ids",
];

const CNIL: &[&str] = &[
    "Activité de traitement",
    "Finalité du traitement",
    "Catégories de personnes concernées",
    "Catégories de données",
    "Données à caractère personnel",
    "Base légale",
    "Intérêts légitimes poursuivis",
    "Sources des données",
    "Catégories de destinataires",
    "Transferts hors UE (pays ou organisations)",
    "Garanties des transferts",
    "Durée de conservation",
    "Mesures de sécurité techniques et organisationnelles",
    "Destinataires nommés",
    "Champ territorial",
    "Lignes sources de la notice",
    "Énoncé ou déduit",
    "Déduit parce que",
    "Identifiant de la finalité",
    "Identifiant de la donnée",
    "Identifiants des bases légales",
];

impl Template {
    pub fn headings(self) -> &'static [&'static str] {
        match self {
            Template::Ico => ICO,
            Template::Cnil => CNIL,
        }
    }

    fn row_heading(self) -> &'static str {
        match self {
            Template::Ico => "Row",
            Template::Cnil => "Ligne",
        }
    }

    fn sheet(self) -> &'static str {
        match self {
            Template::Ico => "Record of processing",
            Template::Cnil => "Registre",
        }
    }
}

/// The record: one row of cells per purpose and data, in the notice's order.
pub struct Record {
    pub template: Template,
    pub rows: Vec<Vec<String>>,
}

impl Record {
    pub fn of(ds: &Dataset, template: Template) -> Record {
        let rel = Relations::new(ds, None);
        let mut rows = Vec::new();
        for &purpose in ds.nodes_of_kind(NodeKind::Purpose) {
            let (stated_for, uses) = rel.uses_for_purpose(purpose);
            for group in by_data(uses) {
                rows.push(row(&rel, purpose, &stated_for, &group));
            }
        }
        Record { template, rows }
    }

    /// Per column: how many rows the notice answers.
    pub fn coverage(&self) -> Vec<usize> {
        (0..self.template.headings().len())
            .map(|c| self.rows.iter().filter(|r| r[c] != NOT_STATED).count())
            .collect()
    }

    fn coverage_cells(&self) -> Vec<String> {
        let total = self.rows.len();
        self.coverage()
            .into_iter()
            .map(|n| format!("{n} of {total}"))
            .collect()
    }

    fn coverage_label(&self) -> &'static str {
        match self.template {
            Template::Ico => "coverage: rows the notice answers",
            Template::Cnil => "couverture : lignes renseignées par la notice",
        }
    }

    /// The record as CSV: a numbered row per purpose and data, then the coverage row.
    pub fn to_csv(&self) -> String {
        let field = crate::present::escape::csv_field;
        let line = |first: &str, cells: &[String]| {
            let mut fields = vec![field(first)];
            fields.extend(cells.iter().map(|c| field(c)));
            fields.join(",") + "\n"
        };
        let headings: Vec<String> = self
            .template
            .headings()
            .iter()
            .map(|h| h.to_string())
            .collect();
        let mut out = line(self.template.row_heading(), &headings);
        for (i, cells) in self.rows.iter().enumerate() {
            out += &line(&(i + 1).to_string(), cells);
        }
        out + &line(self.coverage_label(), &self.coverage_cells())
    }

    /// The record as an Excel workbook: the same table, with the coverage row, on one sheet.
    pub fn to_xlsx(&self, as_of: &str) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
        let mut book = Workbook::new();
        // No timestamp: the workbook says it was made on the notice's date, so the same request
        // gives the same bytes.
        let date = date_of(as_of).unwrap_or((2000, 1, 1));
        let when = ExcelDateTime::from_ymd(date.0, date.1, date.2)?;
        book.set_properties(&DocProperties::new().set_creation_datetime(&when));
        let bold = Format::new().set_bold().set_text_wrap();
        let wrap = Format::new().set_text_wrap();
        let sheet = book.add_worksheet();
        sheet.set_name(self.template.sheet())?;
        sheet.write_string_with_format(0, 0, self.template.row_heading(), &bold)?;
        for (c, heading) in self.template.headings().iter().enumerate() {
            let col = u16::try_from(c + 1).unwrap_or(u16::MAX);
            sheet.write_string_with_format(0, col, *heading, &bold)?;
            sheet.set_column_width(col, 30)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        let last = self.rows.len() + 1;
        let coverage = self.coverage_cells();
        let cells = self.rows.iter().map(Vec::as_slice).chain([&coverage[..]]);
        for (r, row) in cells.enumerate() {
            let at = u32::try_from(r + 1).unwrap_or(u32::MAX);
            let first = if r + 1 == last {
                self.coverage_label().to_string()
            } else {
                (r + 1).to_string()
            };
            sheet.write_string(at, 0, first)?;
            for (c, cell) in row.iter().enumerate() {
                let col = u16::try_from(c + 1).unwrap_or(u16::MAX);
                sheet.write_string_with_format(at, col, excel_text(cell), &wrap)?;
            }
        }
        book.save_to_buffer()
    }
}

/// Excel holds at most 32,767 characters in a cell: a longer text is cut, and says so.
fn excel_text(text: &str) -> String {
    const MAX: usize = 32_000;
    match text.char_indices().nth(MAX) {
        None => text.to_string(),
        Some((at, _)) => format!(
            "{}… [cut: Excel holds at most 32,767 characters in a cell; the CSV export holds the whole text]",
            &text[..at]
        ),
    }
}

/// `YYYY-MM-DD` as numbers.
fn date_of(text: &str) -> Option<(u16, u8, u8)> {
    let mut parts = text.get(..10)?.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some((year, month, day))
}

/// The uses of one purpose grouped by the data they name, in order.
fn by_data(uses: Vec<Use>) -> Vec<Vec<Use>> {
    let mut groups: Vec<Vec<Use>> = Vec::new();
    for u in uses {
        match groups.iter_mut().find(|g| g[0].data == u.data) {
            Some(group) => group.push(u),
            None => groups.push(vec![u]),
        }
    }
    groups
}

fn names(ds: &Dataset, nodes: impl IntoIterator<Item = NodeIndex>) -> String {
    let mut out: Vec<String> = Vec::new();
    for n in nodes {
        let name = ds.node(n).name.clone();
        if !out.contains(&name) {
            out.push(name);
        }
    }
    or_silent(out)
}

fn or_silent(cells: Vec<String>) -> String {
    if cells.is_empty() {
        NOT_STATED.to_string()
    } else {
        cells.join("; ")
    }
}

fn row(rel: &Relations, purpose: NodeIndex, stated_for: &[NodeIndex], uses: &[Use]) -> Vec<String> {
    let ds = rel.dataset();
    let data = uses[0].data;
    let bases: Vec<&Basis> = uses
        .iter()
        .flat_map(|u| &u.bases)
        .filter(|b| b.governs())
        .collect();
    let mut cites: Vec<_> = uses.iter().flat_map(|u| u.cites.iter().copied()).collect();
    if ds.node(data).kind != NodeKind::Category {
        // The categories shown are a reading too where the dataset derives the membership.
        cites.extend(
            rel.categories_of(data)
                .iter()
                .flat_map(|m| m.cites.iter().copied()),
        );
    }
    let (named, categories, shared) = recipients(rel, purpose, data);
    cites.extend(shared);
    let mut reasons = use_reasons(ds, purpose, stated_for, uses);
    reasons.extend(cite_reasons(ds, &cites));
    vec![
        names(ds, wholes_of(rel, purpose)),
        ds.node(purpose).name.clone(),
        NOT_STATED.to_string(),
        data_categories(rel, data),
        ds.node(data).name.clone(),
        or_silent(bases.iter().map(|b| basis_text(ds, b)).collect()),
        names(
            ds,
            ds.out_edges(purpose, EdgeKind::Pursues)
                .iter()
                .map(|&(_, i)| i),
        ),
        names(ds, rel.collections(Some(data)).iter().map(|c| c.source)),
        categories,
        notice_wide(ds, ds.nodes_of_kind(NodeKind::Transfer).to_vec()),
        notice_wide(ds, transfer_safeguards(ds)),
        retention(rel, purpose, stated_for, data),
        NOT_STATED.to_string(),
        named,
        region_scope(ds, &bases),
        or_silent(cite_rows(ds, &cites)),
        if reasons.is_empty() {
            "stated"
        } else {
            "derived"
        }
        .to_string(),
        if reasons.is_empty() {
            "not derived".to_string()
        } else {
            reasons.join("; ")
        },
        ds.node(purpose).id.to_string(),
        ds.node(data).id.to_string(),
        or_silent(
            bases
                .iter()
                .map(|b| ds.node(b.basis).id.to_string())
                .collect(),
        ),
    ]
}

/// The broader purposes that include this one: the business function it serves.
fn wholes_of(rel: &Relations, purpose: NodeIndex) -> Vec<NodeIndex> {
    rel.wholes(purpose)
        .into_iter()
        .skip(1)
        .map(|(w, _)| w)
        .collect()
}

fn data_categories(rel: &Relations, data: NodeIndex) -> String {
    let ds = rel.dataset();
    match ds.node(data).kind {
        NodeKind::Category => ds.node(data).name.clone(),
        _ => names(ds, rel.categories_of(data).iter().map(|m| m.category)),
    }
}

fn basis_text(ds: &Dataset, basis: &Basis) -> String {
    let node = ds.node(basis.basis);
    let mut text = node.name.clone();
    if let Some(lb) = &node.legal_basis {
        let derived = if lb.derived.is_some() {
            ", derived"
        } else {
            ""
        };
        text += &format!(" [{}{derived}]", lb.kind);
    }
    if basis.delegation.is_some() {
        text += " (delegated)";
    }
    if let Some(q) = &basis.qualifier {
        text += &format!(" ({q})");
    }
    text
}

fn region_scope(ds: &Dataset, bases: &[&Basis]) -> String {
    if bases.is_empty() {
        return NOT_STATED.to_string();
    }
    let mut regions: Vec<NodeIndex> = Vec::new();
    for b in bases {
        if b.regions.is_empty() {
            return "no region stated: wherever the notice applies".to_string();
        }
        regions.extend(b.regions.iter().copied());
    }
    names(ds, regions)
}

/// The recipients the data may reach through this purpose (or a broader purpose that includes it),
/// or through sharing the notice ties to no purpose: named parties, and categories of recipients.
fn recipients(rel: &Relations, purpose: NodeIndex, data: NodeIndex) -> (String, String, Vec<Cite>) {
    let ds = rel.dataset();
    let wholes = wholes_of(rel, purpose);
    let mut named = Vec::new();
    let mut categories = Vec::new();
    let mut cites = Vec::new();
    for d in rel.disclosures(Some(data)) {
        // Sharing the notice ties to another purpose is that purpose's; the rest holds for all.
        if let Route::Purpose(via) = d.route {
            if via != purpose && !wholes.contains(&via) {
                continue;
            }
        }
        match ds.node(d.recipient).party {
            Some(Party::Named) => named.push(d.recipient),
            _ => categories.push(d.recipient),
        }
        cites.extend(d.cites);
    }
    (names(ds, named), names(ds, categories), cites)
}

fn retention(
    rel: &Relations,
    purpose: NodeIndex,
    stated_for: &[NodeIndex],
    data: NodeIndex,
) -> String {
    let periods: Vec<String> = rel
        .retentions(Some(data))
        .into_iter()
        .filter(|r| r.purpose == purpose || stated_for.contains(&r.purpose))
        .map(|r| match r.period {
            Some(period) => period.to_string(),
            None => format!("kept for this purpose; the period is {NOT_STATED}"),
        })
        .collect();
    let mut unique: Vec<String> = Vec::new();
    for p in periods {
        if !unique.contains(&p) {
            unique.push(p);
        }
    }
    or_silent(unique)
}

fn transfer_safeguards(ds: &Dataset) -> Vec<NodeIndex> {
    ds.nodes_of_kind(NodeKind::Transfer)
        .iter()
        .flat_map(|&t| {
            ds.out_edges(t, EdgeKind::SafeguardedBy)
                .iter()
                .map(|&(_, s)| s)
        })
        .collect()
}

/// What the notice states for all its processing, not for this purpose.
fn notice_wide(ds: &Dataset, nodes: Vec<NodeIndex>) -> String {
    match names(ds, nodes) {
        text if text == NOT_STATED => text,
        text => format!("for all processing: {text}"),
    }
}

/// Why a row is the tool's reading.
fn use_reasons(
    ds: &Dataset,
    purpose: NodeIndex,
    stated_for: &[NodeIndex],
    uses: &[Use],
) -> Vec<String> {
    let id = |n: NodeIndex| ds.node(n).id.to_string();
    let mut reasons = Vec::new();
    if !stated_for.contains(&purpose) {
        let wholes: Vec<String> = stated_for.iter().map(|&w| format!("`{}`", id(w))).collect();
        reasons.push(format!(
            "the notice states the data of {}, which includes this purpose",
            wholes.join(", ")
        ));
    }
    for u in uses {
        let reason = match u.reach {
            Reach::Stated => continue,
            Reach::AnyData(n) => format!("`{}` stands for any data", id(n)),
            Reach::Container(n) => format!("the item is part of `{}`", id(n)),
            Reach::Category(n) => format!("the item falls in the category `{}`", id(n)),
        };
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_too_long_for_an_excel_cell_is_cut_and_says_so() {
        assert_eq!(excel_text("short"), "short");
        let long = "é".repeat(40_000);
        let cut = excel_text(&long);
        assert!(cut.chars().count() < 32_767, "fits a cell");
        assert!(cut.starts_with(&"é".repeat(32_000)));
        assert!(cut.ends_with("the CSV export holds the whole text]"));
    }

    #[test]
    fn dates_are_read_only_as_year_month_day() {
        assert_eq!(date_of("2024-01-31"), Some((2024, 1, 31)));
        assert_eq!(date_of("January 2024"), None);
        assert_eq!(date_of(""), None);
    }
}
