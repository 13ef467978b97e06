/**
 * A corpus of secrets written into chat sentences, one family per entry, and of near-misses
 * that must come through unchanged. Tokens are generated from a fixed seed in each family's
 * format, so no real credential is committed and the formats stay exact.
 */

export interface SecretCase {
  family: string;
  text: string;
  /** Every part of the secret that must not survive (a seed phrase's words, a key's body). */
  secrets: string[];
}

export interface NearMiss {
  kind: string;
  text: string;
}

/** mulberry32: a small seeded generator with good spread (an LCG in doubles is not). */
let state = 0x2545f491;
function next(): number {
  state = (state + 0x6d2b79f5) | 0;
  let x = Math.imul(state ^ (state >>> 15), 1 | state);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return (x ^ (x >>> 14)) >>> 0;
}
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const B64 = ALNUM + '+/';
const URLSAFE = ALNUM + '-_';
function rand(n: number, alphabet = ALNUM): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[next() % alphabet.length];
  // Formats need both letters and digits somewhere; fix the last two places if not.
  if (alphabet === ALNUM && !/\d/.test(s)) s = s.slice(0, -1) + '7';
  if (alphabet === ALNUM && !/[a-z]/.test(s)) s = s.slice(0, -2) + 'q' + s.slice(-1);
  return s;
}
const hex = (n: number) => rand(n, HEX);

/** A card number of `len` digits starting with `prefix`, with a valid Luhn check digit. */
function card(prefix: string, len: number): string {
  let body = prefix;
  while (body.length < len - 1) body += String(next() % 10);
  let sum = 0;
  for (let i = body.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    let d = Number(body[i]);
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}
const spaced = (s: string, group = 4, sep = ' ') =>
  s.replace(new RegExp(`(.{${group}})(?=.)`, 'g'), `$1${sep}`);

function b64(s: string): string {
  return btoa(s);
}

const WORDS = (
  'abandon ability absorb access actual adapt advice afraid agent alarm album alcohol ' +
  'anchor angle animal annual answer antique anxiety arena armed arrow artist aspect ' +
  'badge balance bamboo banner barrel basket battle beach become behave bicycle blanket ' +
  'cabin cactus camera canal candy canvas carbon cargo castle catalog cement census ' +
  'daring dawn debate decade decline define degree demand denial depart desert device'
).split(' ');
const seed = (n: number) => Array.from({ length: n }, () => WORDS[next() % WORDS.length]!);

export function secretCases(): SecretCase[] {
  const c: SecretCase[] = [];
  const add = (family: string, text: string, ...secrets: string[]) =>
    c.push({ family, text, secrets });

  // --- vendor tokens -------------------------------------------------------------------
  let t = `sk-proj-${rand(48, URLSAFE)}T3BlbkFJ${rand(48, URLSAFE)}`;
  add('openai', `Here's my OpenAI key, can you see why the call fails? ${t}`, t);
  t = `sk-${rand(48)}`;
  add('openai', `export OPENAI_API_KEY=${t}`, t);
  t = `sk-svcacct-${rand(60, URLSAFE)}`;
  add('openai', `the service account key is ${t} — rotate it after the demo`, t);
  t = `sk-ant-api03-${rand(93, URLSAFE)}AA`;
  add('anthropic', `I pasted ${t} into the config and Claude Code still says unauthorized`, t);
  t = `sk-ant-admin01-${rand(90, URLSAFE)}`;
  add('anthropic', `ANTHROPIC_ADMIN_KEY="${t}"`, t);
  t = `AKIA${rand(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
  const t2 = rand(40, B64);
  add('aws', `[default]\naws_access_key_id = ${t}\naws_secret_access_key = ${t2}`, t, t2);
  t = `ASIA${rand(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`;
  add('aws', `the temporary key ${t} expires in an hour`, t);
  t = `ghp_${rand(36)}`;
  add('github', `git clone https://${t}@github.com/acme/infra.git fails with 403`, t);
  t = `github_pat_11${rand(20)}_${rand(59)}`;
  add('github', `My fine-grained PAT: ${t}`, t);
  t = `gho_${rand(36)}`;
  add('github', `the oauth token in ~/.config/gh/hosts.yml is ${t}`, t);
  t = `glpat-${rand(20, URLSAFE)}`;
  add('gitlab', `GitLab token for the CI: ${t}`, t);
  t = `glpat-${rand(26, URLSAFE)}`;
  add(
    'gitlab',
    `curl --header "PRIVATE-TOKEN: ${t}" https://gitlab.example.com/api/v4/projects`,
    t,
  );
  t = `glrt-${rand(20, URLSAFE)}`;
  add('gitlab', `registered the runner with ${t}, is that the right type?`, t);
  t = `GR1348941${rand(20, URLSAFE)}`;
  add('gitlab', `old runner registration token ${t} still works`, t);
  t = `xoxb-${rand(12, '0123456789')}-${rand(13, '0123456789')}-${rand(24)}`;
  add('slack', `our bot token is ${t}`, t);
  t = `xapp-1-A${rand(10, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ')}-${rand(13, '0123456789')}-${hex(64)}`;
  add('slack', `Socket Mode needs the app-level token ${t}`, t);
  t = `https://hooks.slack.com/services/T${rand(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/B${rand(10, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}/${rand(24)}`;
  add('slack', `post alerts to ${t} please`, t);
  t = `xoxp-${rand(11, '0123456789')}-${rand(11, '0123456789')}-${rand(13, '0123456789')}-${hex(32)}`;
  add('slack', `user token: ${t}`, t);
  t = `npm_${rand(36)}`;
  add('npm', `//registry.npmjs.org/:_authToken=${t}`, t);
  t = `npm_${rand(36)}`;
  add('npm', `publish fails even with ${t} in my npmrc`, t);
  t = `${rand(10, '0123456789')}:AA${rand(33, URLSAFE)}`;
  add('telegram', `my telegram bot token is ${t}`, t);
  t = `${rand(9, '0123456789')}:AA${rand(33, URLSAFE)}`;
  add('telegram', `bot = telebot.TeleBot("${t}")`, t);
  t = `SG.${rand(22, URLSAFE)}.${rand(43, URLSAFE)}`;
  add('sendgrid', `SENDGRID_API_KEY=${t}`, t);
  t = `SG.${rand(22, URLSAFE)}.${rand(43, URLSAFE)}`;
  add('sendgrid', `emails stopped, the key ${t} was revoked?`, t);
  t = `dop_v1_${hex(64)}`;
  add('digitalocean', `doctl auth init -t ${t}`, t);
  t = `dop_v1_${hex(64)}`;
  add('digitalocean', `DigitalOcean personal access token ${t}`, t);
  t = `dapi${hex(32)}`;
  add('databricks', `DATABRICKS_TOKEN=${t}`, t);
  t = `dapi${hex(32)}-2`;
  add('databricks', `the workspace token ${t} gives 401 since Monday`, t);
  t = `PMAK-${hex(24)}-${hex(34)}`;
  add('postman', `Postman API key ${t}`, t);
  t = `PMAK-${hex(24)}-${hex(34)}`;
  add('postman', `x-api-key: ${t}`, t);
  t = `EAAG${rand(160)}`;
  add('facebook', `Graph API access token EAAG…: ${t}`, t);
  t = `EAAB${rand(120)}`;
  add('facebook', `fb_token = "${t}"`, t);
  t = `AIza${rand(35, URLSAFE)}`;
  add('google', `Maps JavaScript key ${t} is restricted to my domain`, t);
  t = `1//0${rand(100, URLSAFE)}`;
  add('google', `the refresh token from the OAuth playground is ${t}`, t);
  t = `ya29.${rand(150, URLSAFE)}`;
  add('google', `access_token: ${t}`, t);
  t = `hf_${rand(34)}`;
  add('huggingface', `huggingface-cli login --token ${t}`, t);
  t = `sk_live_${rand(99)}`;
  add('stripe', `Stripe live secret: ${t}`, t);
  t = `rk_live_${rand(99)}`;
  add('stripe', `the restricted key ${t} can only read charges`, t);
  t = `whsec_${rand(32)}`;
  add('stripe', `STRIPE_WEBHOOK_SECRET=${t}`, t);
  const discordId = b64(String(100000000000000000n + BigInt(next()) * 1000n)).replace(/=+$/, '');
  t = `${discordId}.${rand(6, URLSAFE)}.${rand(38, URLSAFE)}`;
  add('discord', `client.run('${t}')`, t);
  const discordId2 = b64(String(700000000000000000n + BigInt(next()) * 7n)).replace(/=+$/, '');
  t = `${discordId2}.${rand(6, URLSAFE)}.${rand(27, URLSAFE)}`;
  add('discord', `my discord bot token ${t} got leaked maybe`, t);
  t = `eyJhbGciOiJIUzI1NiJ9.eyJ${rand(60, URLSAFE)}.${rand(43, URLSAFE)}`;
  add('jwt', `Authorization: Bearer ${t}`, t);
  t = `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJ${rand(120, URLSAFE)}.${rand(86, URLSAFE)}`;
  add('jwt', `why does this session token expire so fast? ${t}`, t);

  // --- keys and connection strings -------------------------------------------------------
  let body = `${rand(64, B64)}\n${rand(64, B64)}\n${rand(20, B64)}`;
  add(
    'private_key',
    `here is the deploy key:\n-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\nwhy does ssh say bad permissions?`,
    body.split('\n')[0]!,
    body.split('\n')[1]!,
  );
  body = `${rand(64, B64)}\n${rand(64, B64)}`;
  add(
    'private_key',
    `-----BEGIN EC PRIVATE KEY-----\n${body}\n-----END EC PRIVATE KEY-----`,
    body.split('\n')[0]!,
  );
  body = rand(64, B64);
  add(
    'putty',
    `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-20240101\nPublic-Lines: 2\n${rand(64, B64)}\n${rand(20, B64)}\nPrivate-Lines: 1\n${body}\nPrivate-MAC: ${hex(64)}`,
    body,
  );
  body = rand(48, B64);
  add(
    'putty',
    `my old .ppk file says:\nPuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key\nPublic-Lines: 1\n${rand(60, B64)}\nPrivate-Lines: 1\n${body}\nPrivate-MAC: ${hex(40)}`,
    body,
  );
  t = `${rand(86, B64)}==`;
  add(
    'azure',
    `DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey=${t};EndpointSuffix=core.windows.net`,
    t,
  );
  t = `${rand(43, B64)}=`;
  add(
    'azure',
    `Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${t}`,
    t,
  );
  t = `${rand(43, B64.replace('+', '').replace('/', ''))}%3D`;
  add(
    'azure',
    `the SAS url https://acme.blob.core.windows.net/backups?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2026-01-01T00:00:00Z&sig=${t} expired`,
    t,
  );
  t = b64(`admin:${rand(12)}`);
  add('basic_auth', `curl -H "Authorization: Basic ${t}" https://api.internal/health`, t);
  t = b64(`deploy:${rand(16)}!`);
  add('basic_auth', `the header is Authorization: Basic ${t}`, t);
  let pw = `${rand(10)}!`;
  add('db_url', `DATABASE_URL=postgres://app:${pw}@db.internal:5432/prod`, pw);
  pw = rand(14);
  add('db_url', `connect with mysql://root:${pw}@127.0.0.1:3306/shop`, pw);
  pw = `${rand(8)}%40x`;
  add(
    'db_url',
    `mongodb+srv://analytics:${pw}@cluster0.ab1cd.mongodb.net/events?retryWrites=true`,
    pw,
  );
  pw = rand(12);
  add('db_url', `celery broker is amqp://guest:${pw}@rabbit.local:5672/vhost`, pw);
  pw = rand(20);
  add('db_url', `REDIS_URL=redis://:${pw}@cache.internal:6379/0`, pw);
  pw = rand(11);
  add('db_url', `kafka bootstrap sasl_ssl://svc:${pw}@broker-1.example.net:9093`, pw);
  pw = rand(12);
  add('db_url', `smtp://mailer:${pw}@smtp.example.org:587 sends nothing`, pw);

  // --- passwords, PINs, codes ----------------------------------------------------------
  add('password', 'my password is hunter42 but it says wrong password', 'hunter42');
  add('password', 'The password I use everywhere is Sommer2019!', 'Sommer2019!');
  add('password', 'the password for my work laptop is Blue-Otter-77', 'Blue-Otter-77');
  add('password', 'Router admin password: Xk9#mPl2', 'Xk9#mPl2');
  add('password', 'wifi password is "purple monkey dishwasher"', 'purple monkey dishwasher');
  add('password', "my netflix password's Kl4ngbaum", 'Kl4ngbaum');
  add('password', 'Mein Passwort ist Zugspitze#88, kannst du mir helfen?', 'Zugspitze#88');
  add('password', 'Das Passwort für das WLAN lautet Fenster2024', 'Fenster2024');
  add('password', 'Le mot de passe est soleil_rouge9', 'soleil_rouge9');
  add('password', 'mon mot de passe de ma banque est Tartine!42', 'Tartine!42');
  add('password', 'Mi contraseña es Gato-Negro-15', 'Gato-Negro-15');
  add('password', 'la contraseña del correo es playa2023', 'playa2023');
  add('password', 'a senha é Brasil#2022', 'Brasil#2022');
  add('password', 'het wachtwoord is tulp8899', 'tulp8899');
  add('password', 'pass: qwerty!123 for the test account', 'qwerty!123');
  add('password', 'I changed it, the new password is now Rainier_1988', 'Rainier_1988');
  add('password', 'login is maria.k and password hunter2hunter2', 'hunter2hunter2');
  add('env_key', 'DATABASE_PASSWORD=Vx8!kq2Lm', 'Vx8!kq2Lm');
  add('env_key', 'DB_PASS=correcthorsebattery', 'correcthorsebattery');
  add('env_key', '{"user": "svc", "password": "n0t-s0-s3cret"}', 'n0t-s0-s3cret');
  add('env_key', 'database:\n  host: db\n  pw: Melon%Tree5', 'Melon%Tree5');
  add('env_key', "SMTP_PASSWORD='mail-pa55'", 'mail-pa55');
  add('env_key', 'Server=tcp:db;Database=app;User Id=sa;Pwd=Yy77!abc;', 'Yy77!abc');
  add('env_key', 'spring.datasource.password=Kaffee2000', 'Kaffee2000');
  add('env_key', 'const dbPassword = "sup3rs3cret";', 'sup3rs3cret');
  add('env_key', 'ADMIN_PWD: "Ch4ngeMe!"', 'Ch4ngeMe!');
  t = rand(32);
  add('env_key', `api_key = "${t}"`, t);
  t = rand(50, URLSAFE);
  add('env_key', `SECRET_KEY=${t}`, t);
  add('pin', 'My PIN is 4821', '4821');
  add('pin', 'PIN for the debit card is 9379', '9379');
  add('pin', 'the pin code for my phone is 739104', '739104');
  add('pin', 'Meine Geheimzahl ist 5530', '5530');
  add('pin', 'mon code PIN est 2208', '2208');
  add('pin', 'el PIN de mi tarjeta es 6612', '6612');
  add('pin', 'the door code is 4471#', '4471');
  add('pin', 'gate code to the garden is 1985', '1985');
  add('pin', 'alarm code: 30917', '30917');
  add('cvv', 'card 4111 1111 1111 1111, exp 09/27, CVV 737', '737', '4111 1111 1111 1111');
  add('cvv', 'the security code on the back is 482', '482');
  add('cvv', 'CVC: 9021 (it is an Amex)', '9021');
  add('cvv', 'Kartenprüfnummer ist 318', '318');
  add('otp', 'the verification code is 482913, what now?', '482913');
  add('otp', 'Your one-time code: 771 204', '771 204');
  add('otp', 'OTP 905114 didn’t work', '905114');
  add('otp', 'I got 2FA code 118822 by SMS but the site rejects it', '118822');
  add('otp', 'mein Bestätigungscode ist 440193', '440193');
  add('otp', 'le code de vérification est 660291', '660291');
  const gh = Array.from({ length: 3 }, () => `${hex(5)}-${hex(5)}`);
  add('recovery', `my GitHub recovery codes:\n${gh.join('\n')}`, ...gh);
  const codes = Array.from(
    { length: 4 },
    () => rand(4, '0123456789') + ' ' + rand(4, '0123456789'),
  );
  add('recovery', `Google backup codes: ${codes.join(', ')} — where do I keep them?`, ...codes);
  const codes2 = Array.from({ length: 3 }, () => rand(10, 'abcdefghijklmnopqrstuvwxyz0123456789'));
  add('recovery', `Proton recovery codes ${codes2.join(' ')}`, ...codes2);

  // --- wallets -------------------------------------------------------------------------
  let words = seed(12);
  add(
    'seed_phrase',
    `my seed phrase is ${words.join(' ')}`,
    words.slice(0, 6).join(' '),
    words.slice(6).join(' '),
  );
  words = seed(24);
  add(
    'seed_phrase',
    `MetaMask secret recovery phrase: ${words.join(' ')}. Is it safe to type it here?`,
    words.slice(0, 8).join(' '),
    words.slice(16).join(' '),
  );
  words = seed(12);
  add(
    'seed_phrase',
    `recovery phrase for the Ledger: "${words.join(', ')}"`,
    words.slice(0, 4).join(', '),
    words.slice(8).join(', '),
  );
  words = seed(18);
  add(
    'seed_phrase',
    `Meine Wiederherstellungsphrase ist ${words.join(' ')}`,
    words.slice(0, 6).join(' '),
  );
  t = `0x${hex(64)}`;
  add('wallet_key', `the private key of my ETH wallet is ${t}`, t.slice(2));
  t = hex(64);
  add('wallet_key', `PRIVATE_KEY: ${t}`, t);
  t = `5${'HJK'[next() % 3]}${rand(49, B58)}`;
  add('wallet_key', `old bitcoin paper wallet WIF ${t}`, t);
  t = `K${rand(51, B58)}`;
  add('wallet_key', `import ${t} into Electrum?`, t);
  t = `xprv9s21ZrQH143K${rand(95, B58)}`;
  add('wallet_key', `the xprv is ${t}`, t);
  t = rand(87, B58);
  add('wallet_key', `Phantom private key: ${t}`, t);

  // --- documents -----------------------------------------------------------------------
  add('passport', 'my passport number is C01X00T47', 'C01X00T47');
  add('passport', 'Passport No. 533380006, expires 2031', '533380006');
  add('passport', 'Reisepassnummer: C4J9K72LX', 'C4J9K72LX');
  add('passport', 'Reisepass C7KLM12R3 verloren, was tun?', 'C7KLM12R3');
  add('passport', 'mon numéro de passeport est 18AB12345', '18AB12345');
  add('passport', 'pasaporte PAA123456, vence en mayo', 'PAA123456');
  add('national_id', 'my ID card number is T22000129', 'T22000129');
  add('national_id', 'Personalausweis L01X00T47 ist abgelaufen', 'L01X00T47');
  add('national_id', 'mi DNI es 12345678Z', '12345678Z');
  add('national_id', "numéro de carte d'identité: 880692310285", '880692310285');
  add('national_id', 'codice fiscale RSSMRA85T10A562S', 'RSSMRA85T10A562S');
  add('national_id', 'my driver’s license number is D1234-56789-01234', 'D1234-56789-01234');
  add('national_id', 'Aadhaar 2345 6789 0123 for the KYC form', '2345 6789 0123');
  add('national_id', 'tax ID: 12 345 678 901', '12 345 678 901');
  add('ssn', 'my SSN is 219-09-9999, please fill the form', '219-09-9999');
  add('ssn', 'social security number 078 05 1120', '078 05 1120');
  add('ssn', 'NI number QQ 12 34 56 C', 'QQ 12 34 56 C');

  // --- money ---------------------------------------------------------------------------
  const brands: [string, string, number][] = [
    ['visa', '4', 16],
    ['visa', '4', 16],
    ['mastercard', '53', 16],
    ['mastercard', '2221', 16],
    ['amex', '37', 15],
    ['amex', '34', 15],
    ['discover', '6011', 16],
    ['jcb', '3530', 16],
    ['jcb', '3589', 16],
    ['maestro', '6759', 16],
    ['maestro', '5018', 16],
    ['maestro', '6304', 19],
    ['diners', '36', 14],
    ['unionpay', '62', 16],
    ['mir', '2200', 16],
  ];
  const cardSentences = [
    (n: string) => `my card number is ${n}`,
    (n: string) => `charge ${n} for the hotel`,
    (n: string) => `Kartennummer ${n}, gültig bis 04/28`,
    (n: string) => `numéro de carte : ${n}`,
    (n: string) => `can you check if ${n} is a valid card?`,
  ];
  brands.forEach(([brand, prefix, len], i) => {
    const raw = card(prefix, len);
    const n = i % 3 === 0 ? raw : i % 3 === 1 ? spaced(raw) : spaced(raw, 4, '-');
    add(`card_${brand}`, cardSentences[i % cardSentences.length]!(n), n);
  });
  const ibans = [
    'DE89370400440532013000',
    'GB82WEST12345698765432',
    'FR1420041010050500013M02606',
    'ES9121000418450200051332',
    'IT60X0542811101000000123456',
    'NL91ABNA0417164300',
    'BE68539007547034',
    'CH9300762011623852957',
    'AT611904300234573201',
    'PL61109010140000071219812874',
    'NO9386011117947',
    'IE29AIBK93115212345678',
    'PT50000201231234567890154',
    'FI2112345600000785',
  ];
  const ibanSentences = [
    (n: string) => `my IBAN is ${n}`,
    (n: string) => `please wire it to ${n} by Friday`,
    (n: string) => `IBAN: ${n} (Sparkasse)`,
    (n: string) => `iban ${n}`,
  ];
  ibans.forEach((raw, i) => {
    const n =
      i % 4 === 0
        ? raw
        : i % 4 === 1
          ? spaced(raw)
          : i % 4 === 2
            ? raw.toLowerCase()
            : spaced(raw.toLowerCase());
    add('iban', ibanSentences[i % ibanSentences.length]!(n), n);
  });

  // --- generic tokens after a name ------------------------------------------------------
  t = rand(40);
  add('generic_token', `the webhook secret is ${t}`, t);
  t = rand(32, HEX);
  add('generic_token', `client_secret=${t}&grant_type=client_credentials`, t);
  t = rand(28, URLSAFE);
  add('generic_token', `X-Api-Key: ${t}`, t);
  add('env_key', "SESSION_SECRET: 'keyboard cat'", 'keyboard cat');
  add('env_key', 'JWT_SECRET=mysupersecretjwtkey123', 'mysupersecretjwtkey123');
  t = hex(40);
  add('generic_token', `here is my API key: ${t}`, t);
  add('iban', 'my IBAN: DE89-3704-0044-0532-0130-00', 'DE89-3704-0044-0532-0130-00');
  add('password', 'Login: bob / Password: Summer2024', 'Summer2024');
  return c;
}

export function nearMisses(): NearMiss[] {
  const n: NearMiss[] = [];
  const add = (kind: string, text: string) => n.push({ kind, text });
  add('uuid', 'the request id was 3f1c9a62-7d4e-4b8a-9c21-5e6f7a8b9c0d');
  add('uuid', 'Conversation 9b2e4f10-1a3c-4d5e-8f70-0a1b2c3d4e5f keeps timing out');
  add('uuid', 'tenant_id: 72f988bf-86f1-41af-91ab-2d7cd011db47');
  add('git_sha', 'reverted in commit 9fceb02d0ae598e95dc970b74767f19372d61af8');
  add('git_sha', 'git cherry-pick 1a2b3c4 onto the release branch');
  add(
    'git_sha',
    'the docker image sha256:4bc453b53cb3d914b45f4b250294236adba2c0e09ff6f03793949e7e39fd4cc1 is cached',
  );
  add('version', 'upgrade from 4.17.21 to 5.0.0-beta.3 broke the build');
  add('version', 'Node v20.11.1, npm 10.2.4, TypeScript 5.9.3');
  add('version', 'Chrome 131.0.6778.85 on macOS 14.6.1');
  add('isbn', 'ISBN 978-3-16-148410-0 is the second edition');
  add('isbn', 'the book has ISBN-13 9780306406157');
  add('order', 'my order number is 4539 1488 0343 6467 and it never shipped');
  add('order', 'Amazon order #112-7345612-9923415');
  add('order', 'tracking number 1Z999AA10123456784');
  add('order', 'invoice INV-2024-00042 is overdue');
  add('order', 'booking reference K7XQ2P for the flight');
  add('date', 'we moved on 2023-08-14 and again on 14.02.2025');
  add('date', 'the lease runs 01/09/2024 to 31/08/2026');
  add('date', 'timestamp 1717171717 in the logs');
  add('phone', 'call me at +49 30 901820 after six');
  add('phone', 'my number is (415) 555-2671');
  add('phone', 'Handynummer 0151 23456789');
  add('password_talk', 'wifi password: TBD');
  add('password_talk', 'the password is on the sticker under the router');
  add('password_talk', 'My password is too short according to the form');
  add('password_talk', 'password must be at least 12 characters');
  add('password_talk', 'I reset my password yesterday and it works now');
  add('password_talk', 'Passwort ist falsch, sagt die Seite');
  add('password_talk', 'le mot de passe est trop court');
  add('password_talk', 'la contraseña es incorrecta otra vez');
  add('password_talk', 'the password field on the login page is broken');
  add('password_talk', 'I use a password manager (1Password) for everything');
  add('password_talk', 'password: ********');
  add('password_talk', 'DB_PASSWORD=${DB_PASSWORD}');
  add('password_talk', 'password = getpass.getpass()');
  add('pin_talk', 'I forgot my PIN and the bank sent a new one');
  add('pin_talk', 'pin the tab so it stays open');
  add('pin_talk', 'the PIN pad at the store was broken');
  add('code_talk', 'the bug is on line 4821 of parser.c');
  add('code_talk', 'The verification code expires after 10 minutes');
  add('code_talk', 'HTTP 401 means the token is missing or expired');
  add('code_talk', 'set max_tokens: 4096 in the request');
  add('code_talk', 'token = request.headers.get("Authorization")');
  add('code_talk', 'const apiKey = process.env.OPENAI_API_KEY;');
  add('code_talk', 'random seed 42 gives the same split');
  add('code_talk', 'seed the database with 12 users and 3 teams');
  add('code_talk', 'The recovery codes are in my safe, not here');
  add('crypto_public', 'send it to 0x742d35Cc6634C0532925a3b844Bc454e4438f44e, my public address');
  add(
    'crypto_public',
    'tx hash 0x5c504ed432cb51138bcf09aa5e8a410dd4a1e204ef84bfed1be16dfba1b22060',
  );
  add('crypto_public', 'the genesis address 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa');
  add('document_talk', 'my passport expires in March 2027');
  add('document_talk', 'the ID card appointment is on 2026-03-04');
  add('document_talk', 'passport photos cost 12 euros');
  add('money', 'it costs €1.299,00 or $1,399.99');
  add('money', 'my card ending in 4242 was declined');
  add('money', 'sort code 20-00-00 is Barclays');
  add('money', 'routing number 021000021 for Chase');
  add('number', 'IMEI 356938035643809 on the box');
  add('number', 'population 83,200,000 in 2023');
  add('number', 'coordinates 52.5200, 13.4050');
  add('number', 'MAC address 00:1A:2B:3C:4D:5E');
  add('number', 'IP 192.168.178.1 and port 8443');
  add('url', 'the API lives at https://api.example.com:8443/v1/users');
  add('url', 'postgres://localhost:5432/app works without a password locally');
  add('url', 'use postgres://user:<password>@host:5432/db as the template');
  add('url', 'Spotify track https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC');
  add('url', 'YouTube https://www.youtube.com/watch?v=dQw4w9WgXcQ');
  add('prose', 'Authorization headers with Basic auth are base64, not encryption');
  add('prose', 'My daughter Mia is 7 and starts school on 2026-09-01');
  add('prose', 'our team uses a 6-digit code for the office door, ask reception');
  add('config', 'CREDENTIALS=./creds.json');
  add('config', 'max_tokens: 4096 and TOKEN_LIMIT=8192');
  add('config', 'AUTH_TIMEOUT=30s');
  add('config', '"apiKey": "<your key here>"');
  return n;
}
