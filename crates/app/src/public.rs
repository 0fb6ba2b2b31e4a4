//! What candidates do, without signing in: read the careers page and a posting, and apply.

use domain::application::{ApplicationInput, ValidApplication};
use domain::company::Company;
use domain::documents::{self, DocKind, DocProblem};
use domain::i18n::T;
use domain::posting::Posting;
use domain::posting::{FieldSetting, FormField, PostingStatus};
use domain::validate::ErrorCode;
use domain::{placeholders, CandidateId, CompanyId, FieldErrors, Language, PostingId};
use store::companies;
use store::postings;
use store::{applications, candidates};

use crate::employees::mailbox;
use crate::postings::today;
use crate::timeline::Entry;
use crate::{App, AppError};

/// A posting as candidates see it.
#[derive(Clone, Debug)]
pub struct PublicPosting {
    pub company: Company,
    pub posting: Posting,
    pub contact_name: String,
    /// Stengt, or past its deadline: the page says so and submits are refused.
    pub closed: bool,
    pub url: String,
    /// Talentbank: how long the company keeps an application with consent; 0 (the question is off) where the
    /// page asks nothing (the feed).
    pub talent_pool_months: i64,
}

/// The careers page's postings and the places they can be filtered by.
#[derive(Clone, Debug)]
pub struct CareersListing {
    pub company: Company,
    /// Each with its public link.
    pub postings: Vec<(postings::OpenPosting, String)>,
    /// The cities of all open postings (`domain::workplace::places`).
    pub cities: Vec<String>,
    pub any_remote: bool,
}

/// An uploaded file as the web layer received it (already bounded in size while streaming).
pub struct Upload {
    /// `cv` or `cover_letter`.
    pub field: &'static str,
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// What a submission did. The public answer is the same for both (whether an address applied to a posting is
/// not told to whoever types it in); the address's owner gets an email instead.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Recorded {
    Received,
    /// This email already applied to this posting: the first application stays, nothing was changed.
    AlreadyApplied,
}

fn problem_code(p: DocProblem) -> ErrorCode {
    match p {
        DocProblem::WrongType => ErrorCode::FileWrongType,
        DocProblem::ContentMismatch => ErrorCode::FileMismatch,
        DocProblem::TooLarge => ErrorCode::FileTooLarge,
        DocProblem::Suspicious => ErrorCode::FileSuspicious,
        DocProblem::Empty => ErrorCode::FileEmpty,
    }
}

impl App {
    pub async fn company_by_slug(&self, slug: &str) -> Result<Company, AppError> {
        let mut conn = self.db.conn().await?;
        companies::find_by_slug(&mut conn, slug).await?.ok_or(AppError::NotFound)
    }

    /// The company's Publisert postings that are still open, whole, newest first (two queries): the feed.
    pub async fn careers(&self, slug: &str) -> Result<(Company, Vec<PublicPosting>), AppError> {
        let mut conn = self.db.conn().await?;
        let company = companies::find_by_slug(&mut conn, slug).await?.ok_or(AppError::NotFound)?;
        let listed = postings::open_with_contact(&mut conn, &company.id, &today()).await?;
        let open =
            listed.into_iter().map(|(posting, contact)| self.public_view(&company, posting, contact, 0)).collect();
        Ok((company, open))
    }

    /// The careers page (and the embedded list): the company's open Publisert postings, newest first, each with
    /// its public link (two queries, only what the page shows); with `place`, only those there
    /// (`Workplace::is_at`). The places offered are those of all its open postings.
    pub async fn careers_listing(&self, slug: &str, place: Option<&str>) -> Result<CareersListing, AppError> {
        let mut conn = self.db.conn().await?;
        let company = companies::find_by_slug(&mut conn, slug).await?.ok_or(AppError::NotFound)?;
        let listing = postings::open_listing(&mut conn, &company.id, &today()).await?;
        let (cities, any_remote) = domain::workplace::places(listing.iter().map(|p| &p.workplace));
        let postings = listing
            .into_iter()
            .filter(|p| place.is_none_or(|place| p.workplace.is_at(place)))
            .map(|p| {
                let url = self.public_posting_url(&company.slug, &p.id);
                (p, url)
            })
            .collect();
        Ok(CareersListing { company, postings, cities, any_remote })
    }

    /// The installation's sitemaps: one for each company with an open, published posting.
    pub async fn sitemap_urls(&self) -> Result<Vec<String>, AppError> {
        let mut conn = self.db.conn().await?;
        let slugs = postings::slugs_with_open_postings(&mut conn, &today()).await?;
        Ok(slugs.iter().map(|slug| format!("{}/sitemap.xml", self.careers_url(slug))).collect())
    }

    /// A posting as the public sees it; it is open under the rule the listings apply in SQL
    /// (`store::postings::open_listing`).
    fn public_view(
        &self,
        company: &Company,
        posting: Posting,
        contact_name: String,
        talent_pool_months: i64,
    ) -> PublicPosting {
        let past_deadline = posting.deadline.as_deref().is_some_and(|d| d < today().as_str());
        let closed = !posting.status.accepts_applications() || past_deadline;
        let url = self.public_posting_url(&company.slug, &posting.id);
        PublicPosting { company: company.clone(), posting, contact_name, closed, url, talent_pool_months }
    }

    /// A posting by its public link: Utkast does not exist for the public.
    pub async fn public_posting(&self, slug: &str, id: &PostingId) -> Result<PublicPosting, AppError> {
        let company = self.company_by_slug(slug).await?;
        let mut conn = self.db.conn().await?;
        let posting = postings::get(&mut conn, &company.id, id).await?.ok_or(AppError::NotFound)?;
        if posting.status == PostingStatus::Draft {
            return Err(AppError::NotFound);
        }
        let contact = store::users::get(&mut conn, &posting.contact_user_id).await?;
        let months = store::privacy::policy(&mut conn, &company.id).await?.map_or(0, |p| p.talent_pool_months);
        Ok(self.public_view(&company, posting, contact.map(|u| u.full_name()).unwrap_or_default(), months))
    }

    /// The privacy notice candidates consent to: the company's own text, or the default.
    pub async fn privacy_notice(&self, company: &CompanyId, language: Language) -> Result<Option<String>, AppError> {
        let mut conn = self.db.conn().await?;
        Ok(companies::privacy_notice(&mut conn, company, language).await?)
    }

    /// Receives an application. Everything is checked before anything is stored; the files are written (and
    /// synced) before the transaction that records the application, its files and the confirmation email
    /// commits, so an answered submission survives a crash.
    /// `public` is the posting as just looked up by its link (`public_posting`); `shown_in` the language the form
    /// was shown in (a talent-pool consent records its text in that language).
    pub async fn apply(
        &self,
        public: &PublicPosting,
        input: &ApplicationInput,
        uploads: Vec<Upload>,
        source: serde_json::Value,
        address: &str,
        shown_in: Language,
    ) -> Result<(), AppError> {
        if public.closed {
            return Err(AppError::Refused("apply.closed"));
        }
        if !self.apply_limiter.allow(&self.db, address, store::now_ms()).await? {
            return Err(AppError::RateLimited);
        }
        let posting = &public.posting;
        let this_year = crate::postings::this_year();
        let (valid, mut errors) = match input.validate(&posting.form, this_year) {
            Ok(v) => (Some(v), FieldErrors::new()),
            Err(e) => (None, e),
        };
        let mut files: Vec<(&Upload, DocKind)> = Vec::new();
        for upload in &uploads {
            let field = match upload.field {
                "cv" => FormField::Cv,
                _ => FormField::CoverLetter,
            };
            if posting.form.setting(field) == FieldSetting::Hidden {
                continue;
            }
            match documents::check(&upload.filename, &upload.bytes) {
                Ok(kind) => files.push((upload, kind)),
                Err(p) => errors.push(upload.field, problem_code(p)),
            }
        }
        let valid = match valid {
            Some(valid) if errors.is_empty() => valid,
            _ => return Err(errors.into()),
        };

        let company = &public.company.id;
        let store = &self.files;
        let mut stored = Vec::new();
        for (upload, kind) in &files {
            let key = format!("{company}/{}", uuid_key());
            // Noted first: should the server die before the application commits, the sweep removes the object.
            store::object_sweep::note_upload(&self.db, &key, store::now_ms() + crate::file_sweep::UPLOAD_GRACE_MS)
                .await?;
            store.put(&key, &upload.bytes).await?;
            stored.push((key, *upload, *kind));
        }
        let talent_pool = (input.talent_pool && public.talent_pool_months > 0).then_some(shown_in);
        let result = self.record_application(public, &valid, &stored, source, talent_pool).await;
        if !matches!(result, Ok(Recorded::Received)) {
            for (key, _, _) in &stored {
                // The applicant hears why the application failed, not that its cleanup did too: the object is
                // noted, so the sweep removes it once the store answers again.
                if let Err(e) = store.delete(key).await {
                    tracing::warn!(error = %e, key, "could not remove the upload of a failed application");
                }
            }
        }
        result.map(|_| ())
    }

    async fn record_application(
        &self,
        public: &PublicPosting,
        valid: &ValidApplication,
        stored: &[(String, &Upload, DocKind)],
        source: serde_json::Value,
        talent_pool: Option<Language>,
    ) -> Result<Recorded, AppError> {
        let company = &public.company.id;
        let posting = &public.posting;
        let now = store::now_ms();
        let mut tx = self.db.write().await?;
        let steps = postings::steps(&mut tx, company, &posting.id).await?;
        let first = steps.first().ok_or(AppError::Refused("apply.closed"))?;
        let details = candidates::Details {
            email: &valid.email,
            first_name: &valid.first_name,
            last_name: &valid.last_name,
            phone: valid.phone.as_deref(),
            linkedin: valid.linkedin.as_deref(),
        };
        let found = match candidates::find_by_email(&mut tx, company, &valid.email).await? {
            Some(c) if candidates::lock_live(&mut tx, company, &c.id).await? => Some(c),
            _ => None,
        };
        // Unverified input never changes a known candidate: their details are set only when they are new, and
        // what this application submitted is kept with it (`store::submitted_details`) for staff to accept.
        let (candidate, is_new) = match found {
            Some(c) => {
                if applications::exists(&mut tx, company, &c.id, &posting.id).await? {
                    self.queue_already_applied(&mut tx, public, &c, now).await?;
                    tx.commit().await?;
                    self.mailer.wake();
                    return Ok(Recorded::AlreadyApplied);
                }
                (c.id, false)
            }
            None => (candidates::insert(&mut tx, company, &details, now).await?, true),
        };
        let application = applications::NewApplication {
            company_id: company,
            candidate_id: &candidate,
            posting_id: &posting.id,
            step_id: &first.id,
            source_kind: "applied",
            source_posting_id: Some(&posting.id),
            sourced_by: None,
            source_detail: source.to_string(),
            // Plain data: serializing cannot fail.
            answers: serde_json::to_string(&valid.answers).unwrap_or_default(),
            education: serde_json::to_string(&valid.education).unwrap_or_default(),
            work_experience: valid.work_experience.as_deref(),
            consent_at: Some(now),
        };
        let application_id = match applications::insert(&mut tx, &application, now).await {
            Ok(id) => id,
            // The same person submitting twice at the same moment: the second finds the first (and the first's
            // confirmation is the only email).
            Err(store::StoreError::Duplicate) => return Ok(Recorded::AlreadyApplied),
            Err(e) => return Err(e.into()),
        };
        store::submitted_details::record(&mut tx, company, &candidate, &application_id, &details, is_new, now).await?;
        let about = crate::webhooks::AppRef {
            company,
            application: &application_id,
            candidate: &candidate,
            posting: &posting.id,
        };
        self.emit_application_created(&mut tx, &about, first, "applied", now).await?;
        for (key, upload, kind) in stored {
            let file = applications::NewFile {
                company_id: company,
                application_id: &application_id,
                kind: upload.field,
                filename: &documents::clean_filename(&upload.filename, *kind),
                content_type: kind.content_type(),
                size: upload.bytes.len() as i64,
                storage_key: key,
                // Read later, outside this request, by the text worker (crate::cv_text).
                text: None,
            };
            let file = applications::insert_file(&mut tx, &file, now).await?;
            store::object_sweep::forget(&mut tx, key).await?;
            if *kind == DocKind::Pdf {
                store::file_texts::queue(&mut tx, company, &file, now).await?;
            }
        }
        if let Some(language) = talent_pool {
            let months = public.talent_pool_months;
            crate::talent_pool::record(&mut tx, &public.company, &candidate, language, months, now).await?;
        }
        let at = || Entry { company, candidate: &candidate, application: Some(&application_id), actor: None };
        self.log(&mut tx, at(), "applied", serde_json::json!({ "posting": posting.title }), now).await?;
        let subject = self.queue_confirmation(&mut tx, public, valid, &candidate, now).await?;
        self.log(&mut tx, at(), "emailed", serde_json::json!({ "subject": subject }), now).await?;
        tx.commit().await?;
        self.mailer.wake();
        self.texts.wake();
        Ok(Recorded::Received)
    }

    /// Tells the owner of an address that already applied to the posting (to the address as first stored, not
    /// as typed now): the public answer is the same as for a new application.
    async fn queue_already_applied(
        &self,
        tx: &mut store::Tx,
        public: &PublicPosting,
        candidate: &candidates::Candidate,
        now: i64,
    ) -> Result<(), AppError> {
        let content = mail::AlreadyApplied {
            first_name: &candidate.first_name,
            title: &public.posting.title,
            company: &public.company.name,
        }
        .compose(T(public.posting.language));
        let (company, name) = (&public.company.id, candidate.full_name());
        self.queue_company_email(tx, company, None, &candidate.email, &name, content, Some(&candidate.id), now).await?;
        Ok(())
    }

    async fn queue_confirmation(
        &self,
        tx: &mut store::Tx,
        public: &PublicPosting,
        valid: &ValidApplication,
        candidate: &CandidateId,
        now: i64,
    ) -> Result<String, AppError> {
        let posting = &public.posting;
        let contact = store::users::get(tx, &posting.contact_user_id).await?;
        let (contact_name, contact_email) = contact.map(|c| (c.full_name(), c.email)).unwrap_or_default();
        let t = T(posting.language);
        let values = placeholders::Values {
            first_name: valid.first_name.clone(),
            last_name: valid.last_name.clone(),
            email: valid.email.clone(),
            job_title: posting.title.clone(),
            job_link: public.url.clone(),
            company: public.company.name.clone(),
            contact_name: contact_name.clone(),
            contact_email: contact_email.clone(),
            application_date: date_in(posting.language, &today()),
        };
        let (subject, body) = values.fill(&posting.email_subject, &posting.email_body);
        let content = mail::from_text(t, &subject, &body);
        let reply_to = (!contact_email.is_empty()).then(|| mailbox(&contact_name, &contact_email));
        let to_name = format!("{} {}", valid.first_name, valid.last_name);
        let company = &public.company.id;
        self.queue_company_email(tx, company, reply_to, &valid.email, &to_name, content, Some(candidate), now).await?;
        Ok(subject)
    }
}

/// A `YYYY-MM-DD` date as `language` writes dates in emails.
pub(crate) fn date_in(language: Language, d: &str) -> String {
    match language {
        Language::Nb if d.len() >= 10 => format!("{}.{}.{}", &d[8..10], &d[5..7], &d[..4]),
        _ => d.to_string(),
    }
}

fn uuid_key() -> String {
    domain::UserId::generate().to_string()
}
