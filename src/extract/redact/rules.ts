/**
 * Mnemo's own detectors: what secretlint's recommended rules (./secretlint.ts) do not cover,
 * or cover only in the exact form a key file has. Each says why it is here. Every pattern
 * has bounded or non-overlapping quantifiers (no nested `(a+)+`), so a scan is linear in
 * the text's length; validators reject what a pattern alone over-matches.
 */
import type { Detector, MatchContext } from './types';
import {
  basicCredentials,
  CODE_VALUE,
  discordToken,
  highEntropy,
  mixed,
  plausibleSecret,
  validCard,
  validIban,
} from './validators';

/** Quoted forms of a value, then the bare one (groups 1–3 quoted, 4 bare). */
const VALUE = String.raw`(?:"([^"\n]{1,256})"|'([^'\n]{1,256})'|\x60([^\x60\n]{1,256})\x60|(\S{1,256}))`;
const VALUE_GROUPS = { groups: [1, 2, 3, 4], bare: 4 };
/** How a statement joins a keyword to its value, in the languages the prose rules read. */
const VERB = String.raw`(?:\s{0,3}(?:(?:is|was|are|ist|lautet|war|est|était|c'est|es|era|è|é|e|is now|now is)(?=\s)|'s|=|:|:=|=>|->)\s{0,3}|\s{1,3}(?=\S*\d))(?:now |still |just |actually |simply |:\s?)?`;
/**
 * Words between a keyword and its verb: "password for gmail.com is", "PIN for the debit
 * card is", "password I use everywhere is", "Passwort für das WLAN ist", "mot de passe de
 * ma banque est", "contraseña del correo es". Closed word lists, so "the password field on
 * the login page is broken" is not read as a password statement.
 */
const FILLER = String.raw`(?:\s(?:for|to|of|on|at|in|with|für|fuer|vom|von|zum|zur|du|de|des|del|di|da|do|van|pour)(?:\s(?:the|my|our|your|his|her|this|that|das|den|dem|der|mein|meine|meinem|meiner|unser|unsere|la|le|l'|el|mi|ma|mon|mes|il|lo|mio|mia|nuestra|nuestro|notre))?\s[\w.@'’-]{1,40}(?:\s(?!is\b|was\b|ist\b|est\b|es\b|lautet\b)[\w.@'’-]{1,30})?|\s(?:I|we)\s(?:use|used|have|set|chose|picked|got)(?:\severywhere|\sfor\severything|\severy\s?where|\sfor\s[\w.@'’-]{1,40})?|\severywhere)?`;

const PASSWORD_WORDS = String.raw`pass(?:word|phrase|code|wd)s?|pwd|pw|wi-?fi key|passwort|kennwort|mot de passe|mdp|contrase[ñn]a|clave|senha|wachtwoord|has[łl]o|l[öo]senord|salasana|adgangskode|passord`;

function passwordValue(s: string, ctx: MatchContext): boolean {
  if (!plausibleSecret(s, ctx.quoted)) return false;
  // `password = input("Password: ")`, `pw = getpass()`: a call in code, not a value.
  if (!ctx.quoted && (ctx.text[ctx.end] === '(' || /^[A-Za-z_$][\w$.]*\(/.test(s))) return false;
  return true;
}

/** A number written as a date, a time or a year is not an id. */
const DATE_LIKE = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$|^(?:19|20)\d\d$/;

function idValue(s: string): boolean {
  const digits = s.replace(/\D/g, '').length;
  return digits >= 4 && s.replace(/[^A-Za-z0-9]/g, '').length >= 6 && !DATE_LIKE.test(s);
}

/**
 * Recovery and backup codes: after the keyword, every code-shaped token up to a blank line
 * (they come as a list: "abcd-efgh ijkl-mnop", "1234 5678", "8f3k2m9q").
 */
function recoveryCodes(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const kw =
    /\b(?:recovery|backup|back-up|scratch|emergency|wiederherstellungs|sauvegarde|r[ée]cup[ée]ration|respaldo|recuperaci[óo]n)[ -]?(?:codes?|keys?|schlüssel|codices?|c[óo]digos?)\b|\bcodes? (?:de (?:secours|r[ée]cup[ée]ration|respaldo|recuperaci[óo]n))\b|\bBackup-Codes\b/gi;
  const code =
    /\b(?=[A-Za-z0-9-]*\d)(?:[A-Za-z0-9]{4,5}-[A-Za-z0-9]{4,5}(?:-[A-Za-z0-9]{4,5})?|\d{4} \d{4}|\d{6,10}|[a-z0-9]{8,10})\b/g;
  let m: RegExpExecArray | null;
  while ((m = kw.exec(text)) !== null) {
    const from = m.index + m[0].length;
    const blank = text.slice(from, from + 600).search(/\n\s*\n/);
    const region = text.slice(from, from + (blank === -1 ? 600 : blank));
    code.lastIndex = 0;
    let c: RegExpExecArray | null;
    while ((c = code.exec(region)) !== null) {
      if (DATE_LIKE.test(c[0])) continue;
      out.push({ start: from + c.index, end: from + c.index + c[0].length });
    }
  }
  return out;
}

/**
 * IBANs in any case and spacing. A run of groups may go on past the IBAN ("… 0130 00 2024"),
 * so groups are dropped from the end until the checksum holds.
 */
function ibans(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const re = /\b[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,4})?\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    let cand = m[0];
    while (cand.replace(/[ -]/g, '').length >= 15) {
      if (validIban(cand)) {
        out.push({ start: m.index, end: m.index + cand.length });
        break;
      }
      cand = cand.replace(/[ -]?[A-Za-z0-9]{1,4}$/, '');
    }
  }
  return out;
}

export const OWN_DETECTORS: Detector[] = [
  // Kept although secretlint has these families: its rules want the exact shape of a key
  // file (OpenAI's `T3BlbkFJ` infix, no AWS `EXAMPLE` keys, Hugging Face's exact length),
  // and keys pasted into chat are often truncated, older or newer than those shapes.
  {
    type: 'private_key',
    re: /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|$)/g,
  },
  // PuTTY's .ppk format has no PEM armour; secretlint reads PEM only.
  {
    type: 'private_key',
    re: /PuTTY-User-Key-File-\d{1,2}:[\s\S]*?(?:Private-MAC:\s{0,3}[0-9a-fA-F]{16,}|$)/g,
  },
  { type: 'jwt', re: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{8,}/g },
  { type: 'anthropic_key', re: /\bsk-ant-[A-Za-z0-9_-]{20,}/g },
  {
    type: 'openai_key',
    re: /\bsk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,}/g,
    validate: (s) => mixed(s) && highEntropy(s),
  },
  { type: 'aws_access_key', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  {
    type: 'aws_secret_key',
    re: /(?:aws_?secret_?(?:access_?)?key|secret[ _]access[ _]key|aws[ _]secret)["']?\s{0,3}(?:[:=]|is|was)?\s{0,3}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    groups: [1],
  },
  { type: 'github_token', re: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b/g },
  { type: 'github_token', re: /\bgithub_pat_[A-Za-z0-9_]{22,}/g },
  // GitLab: personal, deploy, runner, trigger, feed, OAuth and agent tokens, and the
  // runner registration token (`GR1348941…`); secretlint knows only some prefixes.
  {
    type: 'gitlab_token',
    re: /\b(?:gl(?:pat|dt|rt|ptt|ft|soat|cbt|imt|agent|oas|cf|ffct)-[A-Za-z0-9_-]{20,}|GR1348941[A-Za-z0-9_-]{20,})/g,
  },
  { type: 'slack_token', re: /\bxox[abposre]-[A-Za-z0-9-]{10,}/g },
  { type: 'slack_token', re: /\bxapp-\d-[A-Za-z0-9-]{20,}/g },
  {
    type: 'slack_webhook',
    re: /\bhttps?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9/_-]{20,}/g,
  },
  // Stripe, Google API keys and OAuth tokens, Telegram, Discord, DigitalOcean, Postman,
  // Facebook: no secretlint rule in the recommended preset.
  {
    type: 'stripe_key',
    re: /\b(?:sk|rk|whsec)_(?:live|test)?_?[A-Za-z0-9]{16,}/g,
    validate: mixed,
  },
  { type: 'google_api_key', re: /\bAIza[0-9A-Za-z_-]{35}/g },
  { type: 'google_token', re: /\b1\/\/0[A-Za-z0-9_-]{30,}/g },
  { type: 'google_token', re: /\bya29\.[A-Za-z0-9_-]{30,}/g },
  { type: 'huggingface_token', re: /\bhf_[A-Za-z0-9]{30,}\b/g },
  { type: 'npm_token', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { type: 'sendgrid_key', re: /\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/g },
  { type: 'telegram_token', re: /\b\d{8,10}:[A-Za-z0-9_-]{35}\b/g, validate: mixed },
  {
    type: 'discord_token',
    re: /\b[MNO][A-Za-z0-9_-]{22,27}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,40}\b/g,
    validate: discordToken,
  },
  { type: 'digitalocean_token', re: /\bdo[opr]_v1_[a-f0-9]{64}\b/g },
  { type: 'databricks_token', re: /\bdapi[a-f0-9]{32}(?:-\d)?\b/g },
  { type: 'postman_key', re: /\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\b/gi },
  { type: 'facebook_token', re: /\bEAA[A-Z][A-Za-z0-9]{30,}/g, validate: mixed },
  // Azure storage and Service Bus connection strings, and SAS URLs (`…&sig=…`).
  {
    type: 'azure_key',
    re: /\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|PrimaryKey|SecondaryKey)=([A-Za-z0-9+/%]{20,}={0,2})/g,
    groups: [1],
  },
  { type: 'azure_key', re: /[?&]sig=([A-Za-z0-9+/%]{20,}(?:={0,2}|(?:%3D){0,2}))/gi, groups: [1] },
  // `Authorization: Basic dXNlcjpwYXNz`: secretlint's basicauth rule reads only URLs.
  {
    type: 'basic_auth',
    re: /\bBasic\s{1,3}([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/g,
    groups: [1],
    validate: basicCredentials,
  },
  {
    type: 'token',
    re: /\bBearer\s+([A-Za-z0-9_\-+/=.~]{16,512})/g,
    groups: [1],
    validate: (s) => highEntropy(s),
  },
  // Any URL with a password (`amqp://user:pw@`, `redis://:pw@`, `smtp://`…): secretlint's
  // database rule knows some schemes only, and its basicauth rule http(s).
  {
    type: 'url_password',
    re: /\b[a-z][a-z0-9+._-]{1,20}:\/\/[^\s:/@]{0,64}:([^\s@/]{1,128})@[\w.-]/gi,
    groups: [1],
    validate: (s) => plausibleSecret(s, true) && !/^\d{1,5}$/.test(s),
  },
  // Env files, JSON, YAML, ini and connection strings: a key that names a secret and its
  // value (`DATABASE_PASSWORD=…`, `DB_PASS=`, `"password": "…"`, `pw:`, `Pwd=…;`).
  {
    type: 'password',
    re: new RegExp(
      String.raw`(?<![\w-])["']?(?:[a-z][a-z0-9]{0,20}(?=Pass|Pwd)|(?:[A-Za-z0-9]{1,30}[_.-]){0,4})(?:PASS(?:WORD|WD|PHRASE)?|Pass(?:word|wd|phrase)?|pass(?:word|wd|phrase)?|PWD|Pwd|pwd|PW|pw)S?["']?\s{0,3}(?:=|:|:=|=>)\s{0,3}` +
        VALUE,
      'g',
    ),
    ...VALUE_GROUPS,
    validate: passwordValue,
  },
  // Env files and JSON: a key that names a secret, in capitals or quoted, and any value
  // that is not a placeholder (`SESSION_SECRET='keyboard cat'`, `"client_secret": "…"`).
  {
    type: 'token',
    re: new RegExp(
      String.raw`(?<![\w-])(?:"(?:[A-Za-z0-9]{1,30}[_.-]){0,4}(?:secret|token|api_?key|apikey|access_?key|private_?key|auth_?token|credentials?)"|(?:[A-Z0-9]{1,30}_){0,4}(?:SECRET|TOKEN|API_?KEY|APIKEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH|CREDENTIALS?))\s{0,3}(?:=|:)\s{0,3}` +
        VALUE,
      'g',
    ),
    ...VALUE_GROUPS,
    validate: (s, ctx) =>
      passwordValue(s, ctx) &&
      !/^\d{1,7}$|^(?:true|false|null|\d+m?s)$/i.test(s) &&
      // A path to the secret (`./creds.json`, `~/.ssh/id_ed25519`) is not the secret.
      !/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)|\.(?:json|pem|key|txt|env|ya?ml|p12|pfx|crt)$/i.test(s),
  },
  {
    type: 'token',
    re: /(?:token|secret|api[_ -]?key|apikey|access[_ -]?key|auth[_ -]?key|client[_ -]?secret|private[_ -]?key|signing[_ -]?key|encryption[_ -]?key|master[_ -]?key|session[_ -]?key|bearer)[A-Za-z_]{0,20}["']?\s{0,3}(?:[:=]|is)\s{0,3}["']?([A-Za-z0-9_\-+/=.~]{16,512})/gi,
    groups: [1],
    validate: (s) => !CODE_VALUE.test(s) && highEntropy(s),
  },
  // Passwords in prose, in the languages Mnemo's users write: "my password is hunter2",
  // "the password I use everywhere is …", "Passwort ist …", "mot de passe est …",
  // "contraseña es …". A library cannot know what follows "is" in a sentence.
  {
    type: 'password',
    re: new RegExp(String.raw`\b(?:${PASSWORD_WORDS})\b${FILLER}${VERB}${VALUE}`, 'giu'),
    ...VALUE_GROUPS,
    validate: passwordValue,
  },
  // PINs: "My PIN is 1234", "PIN for the debit card is 9379", "Geheimzahl ist …", "code
  // PIN est …"; door, gate, alarm and safe codes are the same kind of secret.
  {
    type: 'pin',
    re: new RegExp(
      String.raw`\b(?:PIN|pin code|pin number|PIN-Nummer|PIN-Code|Geheimzahl|code PIN|c[óo]digo PIN|NIP|(?:door|gate|alarm|safe|garage|locker|lockbox|key ?box|building|entry|entrance|padlock|bike lock|Tür|Tor)[ -]?(?:code|combination|combo|Code)|combination)\b${FILLER}${VERB}(\d{3,8})\b#?`,
      'giu',
    ),
    groups: [1],
  },
  { type: 'pin', re: /\bPIN:?\s{0,3}(\d{4,8})\b/g, groups: [1] },
  // Card security codes, after their names in several languages.
  {
    type: 'cvv',
    re: new RegExp(
      String.raw`\b(?:CVV2?|CVC2?|CVN|CID|CSC|card security code|security code|card verification (?:code|value)|code on the back|Kartenprüfnummer|Prüfnummer|Sicherheitscode|cryptogramme(?: visuel)?|code de sécurité|código de seguridad)\b${FILLER}${VERB}(\d{3,4})\b`,
      'giu',
    ),
    groups: [1],
  },
  // One-time codes: valid for minutes, but a session that captures one also captures what
  // it unlocks; and a code read back later tells which account it was for.
  {
    type: 'otp',
    re: new RegExp(
      String.raw`\b(?:one[- ]time (?:code|password|passcode|pin)|OTP|TOTP|2FA(?: code)?|MFA(?: code)?|two-factor code|verification code|login code|log-in code|sign-?in code|auth(?:entication|enticator)? code|confirmation code|security code|SMS code|Best[äa]tigungscode|Sicherheitscode|Einmalcode|code de (?:v[ée]rification|confirmation)|c[óo]digo de (?:verificaci[óo]n|confirmaci[óo]n))\b${FILLER}${VERB}(\d{3}[ -]?\d{3}|\d{4,8})\b`,
      'giu',
    ),
    groups: [1],
  },
  { type: 'recovery_code', scan: recoveryCodes },
  // Seed phrases: 12 to 24 words after the name of one. Words alone are not enough (any
  // sentence has twelve), so the name is required.
  {
    type: 'seed_phrase',
    re: /\b(?:seed(?: phrase| words)?|recovery phrase|secret recovery phrase|mnemonic(?: phrase| words)?|backup phrase|wallet (?:phrase|words)|(?:12|24)[- ]word (?:phrase|seed)|Wiederherstellungsphrase|phrase de r[ée]cup[ée]ration|frase (?:semilla|de recuperaci[óo]n))\b[^\n:]{0,60}?(?::|=|\bis\b|\bare\b|\bwas\b|\bist\b|\best\b|\bes\b)\s{0,3}["'“]?((?:[A-Za-z]{3,8}[\s,]{1,3}){11,23}[A-Za-z]{3,8})/gi,
    groups: [1],
  },
  // Wallet keys: 64 hex digits after "private key" (a bare one may be a public transaction
  // hash), WIF and extended private keys (their prefixes say what they are).
  {
    type: 'wallet_key',
    re: /\b(?:private|priv|wallet|secret|signing) ?key\b[^\n:]{0,40}?(?:(?::|=|\bis\b|\bwas\b)\s{0,3}|\s)["']?((?:0x)?[0-9a-fA-F]{64}|[1-9A-HJ-NP-Za-km-z]{80,90})\b/gi,
    groups: [1],
  },
  {
    type: 'wallet_key',
    re: /\b[5KL][1-9A-HJ-NP-Za-km-z]{50,51}\b/g,
    validate: (s) => mixed(s) && highEntropy(s),
  },
  { type: 'wallet_key', re: /\b[xyzt]prv[1-9A-HJ-NP-Za-km-z]{100,112}\b/g },
  // Formats that are ids on their own (specific: they win over the generic id rule).
  { type: 'ssn', re: /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/g },
  {
    type: 'ssn',
    re: /\b(?:SSN|social security(?: number)?|social security no\.?)\s{0,3}(?:is|was|:|#)?\s{0,3}(\d{3} ?\d{2} ?\d{4})\b/gi,
    groups: [1],
  },
  {
    type: 'uk_ni_number',
    re: /\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g,
  },
  // Passport and identity documents: the formats differ by country and many are plain
  // digits, so the document's name must come first.
  {
    type: 'passport',
    re: /\b(?:passport|reisepass|passeport|pasaporte|passaporto|paspoort)(?:[ -]?(?:nummer|number|numéro|numero|número|num|no\.?|nr\.?|#|n°)(?![a-zäöüéè]))?(?:\s{0,3}(?:is|:|ist|lautet|est|es|=|reads))?\s{0,3}#?\s{0,2}([A-Z0-9]{6,10})\b/gi,
    groups: [1],
    validate: idValue,
  },
  {
    type: 'national_id',
    re: /\b(?:ID[- ]card|identity card|ID number|national (?:ID|identity|insurance)(?: card)?|NINO|NI|personalausweis|ausweis|carte d'identit[ée](?: nationale)?|num[ée]ro de s[ée]curit[ée] sociale|DNI|NIE|NIF|documento de identidad|c[ée]dula|codice fiscale|carta d'identit[àa]|Aadhaar|PAN card|BSN|PESEL|tax ID|TIN|Steuer-?ID|Steueridentifikationsnummer|social insurance number|SIN|driver'?s licen[cs]e|F[üu]hrerschein|licen[cs]e)(?:[ -]?(?:nummer|number|numéro|numero|número|num|no\.?|nr\.?|#|n°)(?![a-zäöüéè]))?(?:\s{0,3}(?:is|:|ist|lautet|est|es|=|reads))?\s{0,3}#?\s{0,2}([A-Z0-9][A-Z0-9.-]{1,20}(?: (?:(?=[A-Z]{0,5}\d)[A-Z0-9]{2,6}|[A-Z](?![\w-]))){0,4})(?![\w-])/gi,
    groups: [1],
    validate: idValue,
  },
  {
    type: 'card',
    re: /(?<![\d.,-])(?:\d[ -]?){11,18}\d(?![\d.,-]\d)/g,
    validate: (s, ctx) => {
      // Order, tracking and invoice numbers can pass Luhn: their name says what they are.
      const before = ctx.text.slice(Math.max(0, ctx.match.index - 40), ctx.match.index);
      if (
        /\b(?:order|tracking|invoice|ref(?:erence)?|ticket|confirmation|booking|shipment|parcel|serial|ISBN|EAN|IMEI|case)\b[^.\n]{0,20}$/i.test(
          before,
        )
      )
        return false;
      return validCard(s);
    },
  },
  { type: 'iban', scan: ibans },
];
