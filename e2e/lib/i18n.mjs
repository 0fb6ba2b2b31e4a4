// UI vocabulary per language: the accessible names the tests look for (see the project's spec/GLOSSARY.md).
import { describe } from 'node:test';

export const LANGUAGES = ['nb', 'en'];

export const T = {
  nb: {
    languageGroup: 'Språk',
    languageButton: 'Norsk',
    // setup
    companyName: 'Bedriftsnavn',
    firstName: 'Fornavn',
    lastName: 'Etternavn',
    email: 'E-post',
    password: 'Passord',
    createCompany: 'Opprett bedrift',
    // login
    logIn: 'Logg inn',
    // signed-in layout
    jobs: 'Stillinger',
    candidates: 'Kandidater',
    companySettings: 'Bedriftsinnstillinger',
    myProfile: 'Min profil',
    logOut: 'Logg ut',
    // profile
    language: 'Språk',
    save: 'Lagre',
    // errors
    notFound: 'Fant ikke siden',
    wrongCredentials: 'Feil e-post eller passord.',
    // company settings → employees, email log
    settingsNav: 'Innstillinger',
    companySection: 'Bedrift',
    employees: 'Ansatte',
    emailLog: 'E-postlogg',
    inviteEmployee: 'Inviter ansatt',
    role: 'Rolle',
    roles: { administrator: 'Administrator', recruiter: 'Rekrutterer', user: 'Bruker' },
    sendInvitation: 'Send invitasjon',
    employeeColumns: ['Navn', 'E-post', 'Rolle', 'Status', 'Invitert', 'Ble med'],
    employeeStatus: { active: 'Aktiv', invited: 'Invitert', deactivated: 'Deaktivert' },
    invitationSent: (email) => `Invitasjonen er sendt til ${email}.`,
    saveRole: 'Lagre rolle',
    changeSaved: 'Endringen er lagret.',
    deactivate: 'Deaktiver',
    reactivate: 'Aktiver igjen',
    emailSent: 'Sendt',
    // invitation email and acceptance page
    invitationSubject: (company) => `Invitasjon til ${company} i ansett`,
    invitationTitle: (company) => `Invitasjon til ${company}`,
    repeatPassword: 'Gjenta passord',
    createAccount: 'Opprett konto',
    invitationUnusable: 'Invitasjonen kan ikke brukes',
  },
  en: {
    languageGroup: 'Language',
    languageButton: 'English',
    companyName: 'Company name',
    firstName: 'First name',
    lastName: 'Last name',
    email: 'Email',
    password: 'Password',
    createCompany: 'Create company',
    logIn: 'Log in',
    jobs: 'Jobs',
    candidates: 'Candidates',
    companySettings: 'Company settings',
    myProfile: 'My profile',
    logOut: 'Log out',
    language: 'Language',
    save: 'Save',
    notFound: 'Page not found',
    wrongCredentials: 'Wrong email or password.',
    settingsNav: 'Settings',
    companySection: 'Company',
    employees: 'Employees',
    emailLog: 'Email log',
    inviteEmployee: 'Invite employee',
    role: 'Role',
    roles: { administrator: 'Administrator', recruiter: 'Recruiter', user: 'User' },
    sendInvitation: 'Send invitation',
    employeeColumns: ['Name', 'Email', 'Role', 'Status', 'Invited', 'Joined'],
    employeeStatus: { active: 'Active', invited: 'Invited', deactivated: 'Deactivated' },
    invitationSent: (email) => `The invitation has been sent to ${email}.`,
    saveRole: 'Save role',
    changeSaved: 'The change has been saved.',
    deactivate: 'Deactivate',
    reactivate: 'Reactivate',
    emailSent: 'Sent',
    invitationSubject: (company) => `Invitation to ${company} on ansett`,
    invitationTitle: (company) => `Invitation to ${company}`,
    repeatPassword: 'Repeat password',
    createAccount: 'Create account',
    invitationUnusable: 'This invitation cannot be used',
  },
};

/** The language names as shown in the language switch and the profile select (each in its own language). */
export const LANGUAGE_NAMES = { nb: 'Norsk', en: 'English' };

export const other = (lang) => (lang === 'nb' ? 'en' : 'nb');

/**
 * Runs `body(lang, T[lang])` inside a `describe('<title> [<lang>]')` once per UI language, nb first.
 * Each language gets its own describe block, so hooks registered in `body` (before/after) are per language.
 */
export function forEachLanguage(title, body) {
  for (const lang of LANGUAGES) {
    describe(`${title} [${lang}]`, () => body(lang, T[lang]));
  }
}
