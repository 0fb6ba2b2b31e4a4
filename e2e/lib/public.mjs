// The public side (careers page, posting page, application form) and what the apply tests need around it:
// the vocabulary of the staff posting form and of the public pages per language (creating a posting through the
// staff form is lib/posting-form.mjs), the HTML validator (vnu-jar, the Nu Html Checker, run with the system's
// Java), small real documents to upload, and a check for horizontal page scroll.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { AssertionError } from 'node:assert';
import { fail } from './expect.mjs';

const require = createRequire(import.meta.url);

/** Staff posting form (/jobs/new) and posting page, per language. */
export const STAFF = {
  nb: {
    newPosting: 'Ny stillingsannonse',
    title: 'Tittel',
    positionType: 'Stillingstype',
    positionTypes: { other: 'Annet' },
    deadline: 'Søknadsfrist',
    body: 'Utlysningstekst',
    fields: {
      phone: 'Telefon',
      cv: 'CV',
      coverLetter: 'Søknadsbrev',
      education: 'Utdanning og akademiske resultater',
      workExperience: 'Arbeidserfaring',
      linkedin: 'LinkedIn-profil',
    },
    settings: { required: 'Påkrevd', optional: 'Valgfri', hidden: 'Skjult' },
    addQuestion: 'Legg til spørsmål',
    questionGroup: (n) => `Spørsmål ${n}`,
    questionText: 'Spørsmål',
    questionKind: 'Svartype',
    kinds: { shortText: 'Kort tekst', longText: 'Lang tekst', yesNo: 'Ja/nei', single: 'Ett valg', multiple: 'Flere valg' },
    questionRequired: 'Påkrevd',
    emailSubject: 'Emne',
    emailBody: 'Innhold',
    statusGroup: 'Utlysningsstatus',
    statuses: { draft: 'Utkast', published: 'Publisert', unlisted: 'Ikke oppført', closed: 'Stengt' },
    create: 'Opprett utlysning',
    link: 'Link til annonse',
    goToScreening: 'Gå til screening',
    firstStep: 'Screening',
  },
  en: {
    newPosting: 'New job posting',
    title: 'Title',
    positionType: 'Position type',
    positionTypes: { other: 'Other' },
    deadline: 'Application deadline',
    body: 'Posting text',
    fields: {
      phone: 'Phone',
      cv: 'CV',
      coverLetter: 'Cover letter',
      education: 'Education and academic results',
      workExperience: 'Work experience',
      linkedin: 'LinkedIn profile',
    },
    settings: { required: 'Required', optional: 'Optional', hidden: 'Hidden' },
    addQuestion: 'Add question',
    questionGroup: (n) => `Question ${n}`,
    questionText: 'Question',
    questionKind: 'Answer type',
    kinds: { shortText: 'Short text', longText: 'Long text', yesNo: 'Yes/no', single: 'Single choice', multiple: 'Multiple choice' },
    questionRequired: 'Required',
    emailSubject: 'Subject',
    emailBody: 'Body',
    statusGroup: 'Posting status',
    statuses: { draft: 'Draft', published: 'Published', unlisted: 'Unlisted', closed: 'Closed' },
    create: 'Create posting',
    link: 'Link to posting',
    goToScreening: 'Go to screening',
    firstStep: 'Screening',
  },
};

/** Public pages (see the spec's GLOSSARY.md, "Public pages"), per language. */
export const PUBLIC = {
  nb: {
    careersTitle: (company) => `Ledige stillinger hos ${company}`,
    feed: 'Nyhetsstrøm (Atom)',
    company: 'Bedrift',
    positionType: 'Stillingstype',
    deadline: 'Søknadsfrist',
    apply: 'Søk på stillingen',
    closed: 'Stillingen er stengt for søknader',
    applyTitle: (title) => `Søk på ${title}`,
    required: (label) => `${label} (påkrevd)`,
    firstName: 'Fornavn',
    lastName: 'Etternavn',
    email: 'E-post',
    phone: 'Telefon',
    linkedin: 'LinkedIn-profil',
    cv: 'CV',
    coverLetter: 'Søknadsbrev',
    educationGroup: (n) => `Utdanning ${n}`,
    edu: { school: 'Skole/lærested', degree: 'Grad', field: 'Fagfelt', grade: 'Karaktersnitt', from: 'Fra år', to: 'Til år' },
    addEducation: 'Legg til utdanning',
    yes: 'Ja',
    no: 'Nei',
    consent: /^Jeg samtykker/,
    privacyLink: 'Les personvernerklæringen',
    privacyTitle: 'Personvernerklæring',
    submit: 'Send søknad',
    errorSummary: 'Skjemaet inneholder feil:',
    filesAgainWord: /fil/i,
    fileMismatch: 'Filen er ikke det filnavnet sier.',
    fileWrongType: 'Last opp en PDF-, DOC-, DOCX- eller ODT-fil.',
    thanks: 'Takk for søknaden',
    alreadyApplied: 'Du har allerede søkt',
  },
  en: {
    careersTitle: (company) => `Open positions at ${company}`,
    feed: 'Feed (Atom)',
    company: 'Company',
    positionType: 'Position type',
    deadline: 'Application deadline',
    apply: 'Apply',
    closed: 'This posting is closed for applications',
    applyTitle: (title) => `Apply for ${title}`,
    required: (label) => `${label} (required)`,
    firstName: 'First name',
    lastName: 'Last name',
    email: 'Email',
    phone: 'Phone',
    linkedin: 'LinkedIn profile',
    cv: 'CV',
    coverLetter: 'Cover letter',
    educationGroup: (n) => `Education ${n}`,
    edu: { school: 'School', degree: 'Degree', field: 'Field of study', grade: 'Grade average', from: 'From year', to: 'To year' },
    addEducation: 'Add education',
    yes: 'Yes',
    no: 'No',
    consent: /^I consent/,
    privacyLink: 'Read the privacy notice',
    privacyTitle: 'Privacy notice',
    submit: 'Submit application',
    errorSummary: 'The form has errors:',
    filesAgainWord: /file/i,
    fileMismatch: 'The file is not what its name says.',
    fileWrongType: 'Upload a PDF, DOC, DOCX or ODT file.',
    thanks: 'Thank you for your application',
    alreadyApplied: 'You have already applied',
  },
};

/** The careers-page slug of a company name: lower-cased, æ→ae ø→o å→a, runs of anything else → "-". */
export function careersSlug(name) {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

// --- HTML validator -----------------------------------------------------------------------------------------------

const VNU_JAR = String(require('vnu-jar'));

/** Runs vnu.jar (errors only, JSON) on an HTML string. Returns the error messages. */
export function validateHtml(html) {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', '-'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', () => {
      // vnu writes its JSON report to stderr.
      const text = err.trim() || out.trim();
      try {
        const report = JSON.parse(text);
        resolve(report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal'));
      } catch {
        reject(new Error(`vnu.jar did not answer with JSON:\n${out}\n${err}`));
      }
    });
    child.stdin.end(html);
  });
}

/** Fails listing every error the Nu Html Checker finds in the page as it is now (`page.content()`). */
export async function expectValidHtml(page, what = '') {
  const html = await page.content();
  const errors = await validateHtml(html);
  if (errors.length > 0) {
    const lines = html.split('\n');
    const list = errors
      .map((m) => {
        const line = m.lastLine ? lines[m.lastLine - 1] ?? '' : '';
        return `  - line ${m.lastLine ?? '?'}:${m.firstColumn ?? '?'}-${m.lastColumn ?? '?'}: ${m.message}\n    extract: ${JSON.stringify(m.extract ?? '')}\n    line: ${line.trim().slice(0, 400)}`;
      })
      .join('\n');
    throw new AssertionError({
      message: `${errors.length} HTML validation error(s) (vnu) at ${page.url()}${what ? ` (${what})` : ''}:\n${list}`,
    });
  }
}

// --- documents ------------------------------------------------------------------------------------------------------

/** A small, valid one-page PDF showing `text` (ASCII). */
export function minimalPdf(text = 'Curriculum vitae') {
  const safe = text.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
  const content = `BT /F1 18 Tf 72 720 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A file payload for `setInputFiles`. */
export const pdfFile = (name, text) => ({ name, mimeType: 'application/pdf', buffer: minimalPdf(text) });

// --- layout ---------------------------------------------------------------------------------------------------------

/** At `width` px, the page must not scroll sideways. Restores the previous viewport. */
export async function expectNoHorizontalScroll(page, width = 320, what = '') {
  const before = page.viewportSize();
  await page.setViewportSize({ width, height: 800 });
  try {
    const m = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      wide: [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 8)
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} (right ${Math.round(el.getBoundingClientRect().right)})`),
    }));
    if (m.scrollWidth > m.clientWidth) {
      await fail(
        page,
        `at ${width} px${what ? ` (${what})` : ''} the page scrolls sideways: scrollWidth ${m.scrollWidth} > clientWidth ${m.clientWidth}; elements past the edge: ${m.wide.join(', ')}`,
      );
    }
  } finally {
    if (before) await page.setViewportSize(before);
  }
}
