//! Duplicates across agencies (issue 22, part 5, ADR 0019): «Også søkt via {kilde} {dato}» names the same
//! person's other applications — only those the viewer may see, so a Bruker never learns of another agency's
//! application, not even as a count — and «Først søkt via» tells those who see every application (Administrators,
//! Rekrutterere) which one came first, the fact a fee depends on.

use std::collections::HashMap;

use domain::{ApplicationId, CandidateId, PostingId, UserId};
use store::duplicates::Sibling;

use crate::screening::Scope;

/// Another application of the same person, as a hint names it: where it came from and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sighting {
    pub application_id: ApplicationId,
    pub candidate_id: CandidateId,
    pub posting_id: PostingId,
    pub source_kind: String,
    /// The posting it came in through, when the viewer may see that posting.
    pub source_title: Option<String>,
    pub sourced_by: Option<UserId>,
    pub sourced_by_name: Option<String>,
    pub applied_at: i64,
}

/// What the viewer may be told about one application's duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Duplicates {
    /// «Også søkt via»: the person's other applications the viewer may see, oldest first.
    pub also: Vec<Sighting>,
    /// «Først søkt via»: the person's earliest application, when they have more than one and the viewer sees
    /// every application of the company.
    pub first: Option<Sighting>,
}

impl Scope {
    fn sighting(&self, s: Sibling) -> Sighting {
        // Applied through its own posting: a viewer of the application sees that posting's title anyway (the
        // profile names it), also as its assignee; a sourced one names where it came from only to who sees that.
        let own = s.source_posting_id.as_ref() == Some(&s.posting_id);
        let source_title =
            if own { s.source_title } else { self.source_title(s.source_posting_id.as_ref(), s.source_title) };
        Sighting {
            source_title,
            application_id: s.id,
            candidate_id: s.candidate_id,
            posting_id: s.posting_id,
            source_kind: s.source_kind,
            sourced_by: s.sourced_by,
            sourced_by_name: s.sourced_by_name,
            applied_at: s.created_at,
        }
    }

    /// Per application asked about (`store::duplicates::of_applications`, oldest first), what the viewer may be
    /// told; applications without duplicates are absent.
    pub(crate) fn duplicates(&self, siblings: Vec<Sibling>) -> HashMap<ApplicationId, Duplicates> {
        let sees_all = self.reaches_company();
        let mut groups: HashMap<ApplicationId, Vec<Sibling>> = HashMap::new();
        for s in siblings {
            groups.entry(s.of_id.clone()).or_default().push(s);
        }
        groups
            .into_iter()
            .filter(|(_, group)| group.len() > 1)
            .map(|(of, group)| {
                let first = group.first().filter(|_| sees_all).cloned().map(|s| self.sighting(s));
                let also = group
                    .into_iter()
                    .filter(|s| s.id != of && self.sees_on(&s.posting_id, s.assigned_to.as_ref()))
                    .map(|s| self.sighting(s))
                    .collect();
                (of, Duplicates { also, first })
            })
            .filter(|(_, d)| !d.also.is_empty() || d.first.is_some())
            .collect()
    }
}
