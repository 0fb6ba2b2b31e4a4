//! Email placeholders: `{{candidate.first_name}}` and friends. Templates are checked when they are saved, so an
//! unknown or malformed placeholder is refused then, never discovered at send time.

/// Every placeholder a template may use, in the order the insert menu shows them.
pub const ALL: [&str; 10] = [
    "candidate.first_name",
    "candidate.last_name",
    "candidate.full_name",
    "candidate.email",
    "job.title",
    "job.link",
    "company.name",
    "contact.full_name",
    "contact.email",
    "application.date",
];

/// A piece of a parsed template.
enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

fn parse(template: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        pieces.push(Piece::Text(&rest[..start]));
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err(format!("{{{{{}", after.chars().take(30).collect::<String>()));
        };
        let name = after[..end].trim();
        if !ALL.contains(&name) {
            return Err(format!("{{{{{}}}}}", &after[..end]));
        }
        pieces.push(Piece::Placeholder(name));
        rest = &after[end + 2..];
    }
    if let Some(pos) = rest.find("}}") {
        return Err(rest[..pos + 2].chars().rev().take(30).collect::<Vec<_>>().into_iter().rev().collect());
    }
    pieces.push(Piece::Text(rest));
    Ok(pieces)
}

/// `Err(the offending text)` for an unknown placeholder or unbalanced braces.
pub fn check(template: &str) -> Result<(), String> {
    parse(template).map(|_| ())
}

/// Fills a template that passed `check`; `value` gives each placeholder's text.
pub fn render(template: &str, value: impl Fn(&str) -> String) -> String {
    match parse(template) {
        Ok(pieces) => pieces
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t.to_string(),
                Piece::Placeholder(name) => value(name),
            })
            .collect(),
        // Never reached for saved templates; showing the raw text beats sending nothing.
        Err(_) => template.to_string(),
    }
}

/// What the placeholders stand for in one email to one candidate.
#[derive(Clone, Debug, Default)]
pub struct Values {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub job_title: String,
    pub job_link: String,
    pub company: String,
    pub contact_name: String,
    pub contact_email: String,
    /// The application's date, written the way the email's language writes dates.
    pub application_date: String,
}

impl Values {
    pub fn get(&self, name: &str) -> String {
        match name {
            "candidate.first_name" => self.first_name.clone(),
            "candidate.last_name" => self.last_name.clone(),
            "candidate.full_name" => format!("{} {}", self.first_name, self.last_name),
            "candidate.email" => self.email.clone(),
            "job.title" => self.job_title.clone(),
            "job.link" => self.job_link.clone(),
            "company.name" => self.company.clone(),
            "contact.full_name" => self.contact_name.clone(),
            "contact.email" => self.contact_email.clone(),
            "application.date" => self.application_date.clone(),
            _ => String::new(),
        }
    }

    /// Fills a checked template's subject and body.
    pub fn fill(&self, subject: &str, body: &str) -> (String, String) {
        (render(subject, |n| self.get(n)), render(body, |n| self.get(n)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_placeholders_pass_and_render() {
        let t = "Hei {{candidate.first_name}}, takk for søknaden til {{ job.title }}!";
        assert!(check(t).is_ok());
        let out = render(t, |n| match n {
            "candidate.first_name" => "Bjørn".into(),
            "job.title" => "Utvikler".into(),
            _ => String::new(),
        });
        assert_eq!(out, "Hei Bjørn, takk for søknaden til Utvikler!");
    }

    #[test]
    fn unknown_or_broken_placeholders_are_refused() {
        assert_eq!(check("Hei {{candidate.age}}"), Err("{{candidate.age}}".to_string()));
        assert!(check("Hei {{candidate.first_name").is_err());
        assert!(check("Hei candidate.first_name}}").is_err());
        assert!(check("ingen plassholdere").is_ok());
        assert!(check("").is_ok());
    }
}
