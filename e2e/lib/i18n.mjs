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
