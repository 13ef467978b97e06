import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/extract/redact';

const alnum = (seed: number, n: number) => {
  // Deterministic pseudo-random [A-Za-z0-9] strings, so no real key is committed.
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let x = seed;
  let s = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    s += chars[x % chars.length];
  }
  return s;
};

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const PEM = `-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgwMbRvI0MBZhpF\n${alnum(9, 64)}\n-----END RSA PRIVATE KEY-----`;

/** [sentence, the secret substring that must not survive, expected type]. */
const SECRETS: [string, string, string][] = [
  [`my key is sk-proj-${alnum(1, 40)} please keep it`, `sk-proj-${alnum(1, 40)}`, 'openai_key'],
  [`OPENAI_API_KEY=sk-${alnum(2, 48)}`, `sk-${alnum(2, 48)}`, 'openai_key'],
  [`use sk-svcacct-${alnum(3, 40)} for the service`, alnum(3, 40), 'openai_key'],
  [`anthropic: sk-ant-api03-${alnum(4, 80)}`, alnum(4, 80), 'anthropic_key'],
  [`export ANTHROPIC_API_KEY="sk-ant-${alnum(5, 60)}"`, alnum(5, 60), 'anthropic_key'],
  ['AWS key AKIAIOSFODNN7EXAMPLE in my config', 'AKIAIOSFODNN7EXAMPLE', 'aws_access_key'],
  ['aws_access_key_id = AKIAJ2QXZ4MPLE7TESTQ', 'AKIAJ2QXZ4MPLE7TESTQ', 'aws_access_key'],
  [
    'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'aws_secret_key',
  ],
  [
    'my AWS secret access key is Zx9+Ab8/Cd7Ef6Gh5Ij4Kl3Mn2Op1Qr0St9Uv8Wx',
    'Zx9+Ab8/Cd7Ef6Gh5Ij4Kl3Mn2Op1Qr0St9Uv8Wx',
    'aws_secret_key',
  ],
  [`token ghp_${alnum(6, 36)} for my repo`, `ghp_${alnum(6, 36)}`, 'github_token'],
  [`gho_${alnum(7, 36)}`, `gho_${alnum(7, 36)}`, 'github_token'],
  [`GITHUB_TOKEN=github_pat_11ABCDEFG0${alnum(8, 70)}`, alnum(8, 70), 'github_token'],
  [
    'slack bot token xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
    'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
    'slack_token',
  ],
  [`xoxp-${alnum(10, 40)}`, alnum(10, 40), 'slack_token'],
  [`stripe sk_live_${alnum(11, 24)}`, `sk_live_${alnum(11, 24)}`, 'stripe_key'],
  [`restricted rk_live_${alnum(12, 24)} here`, `rk_live_${alnum(12, 24)}`, 'stripe_key'],
  [`test key sk_test_${alnum(13, 24)}`, `sk_test_${alnum(13, 24)}`, 'stripe_key'],
  [`maps key AIza${alnum(14, 35)}`, `AIza${alnum(14, 35)}`, 'google_api_key'],
  [`HF_TOKEN=hf_${alnum(15, 34)}`, `hf_${alnum(15, 34)}`, 'huggingface_token'],
  [`Authorization: Bearer ${JWT}`, JWT, 'jwt'],
  [`my session cookie is ${JWT}.`, 'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', 'jwt'],
  [`here is my key:\n${PEM}\nthanks`, 'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn', 'private_key'],
  [
    `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n${alnum(16, 70)}`,
    'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ',
    'private_key',
  ],
  [
    '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----',
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC',
    'private_key',
  ],
  ['my password is hunter2', 'hunter2', 'password'],
  ['My password is Tr0ub4dor&3.', 'Tr0ub4dor&3', 'password'],
  ['password: correcthorse99', 'correcthorse99', 'password'],
  ['The wifi password is "sunny day 42"', 'sunny day 42', 'password'],
  ['my passcode is 482910', '482910', 'password'],
  ["passphrase = 'blue-llama-orbit'", 'blue-llama-orbit', 'password'],
  ['My PIN is 1234', '1234', 'pin'],
  ['the pin code is 90210 for the gate', '90210', 'pin'],
  ['my password for gmail.com is s3cr3tP@ss', 's3cr3tP@ss', 'password'],
  ['pwd: Qw!erty_2024', 'Qw!erty_2024', 'password'],
  ['card 4111 1111 1111 1111 exp 12/27', '4111 1111 1111 1111', 'card'],
  ['my visa is 4012-8888-8888-1881', '4012-8888-8888-1881', 'card'],
  ['mastercard 5555555555554444', '5555555555554444', 'card'],
  ['amex 378282246310005 please', '378282246310005', 'card'],
  ['discover 6011 1111 1111 1117', '6011 1111 1111 1117', 'card'],
  ['card number: 5105 1051 0510 5100', '5105 1051 0510 5100', 'card'],
  ['my IBAN is GB82 WEST 1234 5698 7654 32', 'GB82 WEST 1234 5698 7654 32', 'iban'],
  ['send it to DE89 3704 0044 0532 0130 00 today', 'DE89 3704 0044 0532 0130 00', 'iban'],
  ['IBAN NL91ABNA0417164300', 'NL91ABNA0417164300', 'iban'],
  ['FR14 2004 1010 0505 0001 3M02 606 is my account', 'FR14 2004 1010 0505 0001 3M02 606', 'iban'],
  ['account ES9121000418450200051332', 'ES9121000418450200051332', 'iban'],
  ['My SSN is 123-45-6789', '123-45-6789', 'ssn'],
  ['social security number: 078051120', '078051120', 'ssn'],
  ['NI number AB 12 34 56 C', 'AB 12 34 56 C', 'uk_ni_number'],
  ['my national insurance is JG103759A', 'JG103759A', 'uk_ni_number'],
  [`token=${alnum(17, 32)}`, alnum(17, 32), 'token'],
  [`secret: "${alnum(18, 40)}"`, alnum(18, 40), 'token'],
  [`api_key = ${alnum(19, 24)}`, alnum(19, 24), 'token'],
  [`client_secret=${alnum(20, 30)}&grant_type=x`, alnum(20, 30), 'token'],
  [`curl -H "Authorization: Bearer ${alnum(21, 40)}"`, alnum(21, 40), 'token'],
  [`DB_ACCESS_KEY: ${alnum(22, 28)}`, alnum(22, 28), 'token'],
];

const ORDINARY: string[] = [
  'I was born on 1990-04-12 in Lyon.',
  'Call me at 415 555 2671 after six.',
  'My phone is +44 20 7946 0958.',
  'We upgraded from Node 18.19.1 to 20.11.0 last week.',
  'It costs $1,299.99 or €1.199,00 in Germany.',
  'My order number is 1234567890123456 but it never arrived.',
  'Order #4111111111111112 was cancelled.',
  'The fix is in commit 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39, see the diff.',
  'git checkout a1b2c3d4 and rebase onto main.',
  'The request id was 550e8400-e29b-41d4-a716-446655440000.',
  'const password = input.value;',
  'password: string;',
  'if (password === confirm) { submit(); }',
  'Set user.password = hash(pw) before saving.',
  'const token = await getToken();',
  'The password is required and must be 12 characters long.',
  'My password is too short according to the form.',
  'I reset my password yesterday.',
  'Your password is case-sensitive.',
  'I ran 5k in 23:10 this morning.',
  'The meeting is at 10:30 on 2024-03-15.',
  'Version 2.10.3 of chrono-node fixed it.',
  'Python 3.12.1 and numpy 1.26.4 are installed.',
  'My flight is BA 117 on 12/05.',
  'The score was 3-2 after extra time.',
  'I scored 1450 on the SAT in 2019.',
  'The ISBN is 978-0-306-40615-7.',
  'Room 221B, Baker Street, London NW1 6XE.',
  'My zip code is 90210.',
  'We have 3 kids aged 4, 7 and 12.',
  'The tolerance is 0.0001 mm.',
  'Temperature: 21.5°C, humidity 45%.',
  'The token limit is 128000 for this model.',
  'Use the api_key parameter from the settings page.',
  'secret = os.environ.get("SECRET")',
  'token = request.headers.authorization',
  'The PIN pad was broken at the store.',
  'Add a pin to the map at 51.5074, -0.1278.',
  'I bought 2 tickets for 45 pounds each.',
  'The hash is sha256 of the file.',
  'Tracking number 1Z999AA10123456784 shows delivered.',
  'My student id is 20231045.',
  'The hex color is #ff5733.',
  'Build 20240315.3 failed on CI.',
  'Lot 12-34-56 is for sale.',
  'Chapter 4, pages 112-118.',
  'It happened in 1999, 2004 and 2011.',
  'My sk-learn model got 0.93 accuracy.',
  'The skeleton key opened the old door.',
  'Open port 8080 and 443 on the firewall.',
  'ghp is short for GitHub personal tokens.',
  'I ate 12 dumplings and 3 bowls of rice.',
];

describe('redactSecrets: secrets', () => {
  it('has a corpus of at least 50 secrets', () =>
    expect(SECRETS.length).toBeGreaterThanOrEqual(50));
  it.each(SECRETS)('redacts %s', (input, secret, type) => {
    const { text, found } = redactSecrets(input);
    expect(text).not.toContain(secret);
    expect(text).toContain(`[redacted:`);
    expect(found.map((f) => f.type)).toContain(type);
  });
});

describe('redactSecrets: ordinary text', () => {
  it('has a corpus of at least 50 ordinary sentences', () =>
    expect(ORDINARY.length).toBeGreaterThanOrEqual(50));
  it.each(ORDINARY)('leaves %s unchanged', (input) => {
    const { text, found } = redactSecrets(input);
    expect(found).toEqual([]);
    expect(text).toBe(input);
  });
});

describe('redactSecrets: offsets and shape', () => {
  it('reports offsets of the secret in the input', () => {
    const input = 'pay 4111 1111 1111 1111 now';
    const { found, text } = redactSecrets(input);
    expect(found).toHaveLength(1);
    expect(input.slice(found[0]!.start, found[0]!.end)).toBe('4111 1111 1111 1111');
    expect(text).toBe('pay [redacted:card] now');
  });

  it('redacts several secrets in one text, keeping the prose', () => {
    const { text } = redactSecrets('My PIN is 4821 and my SSN is 123-45-6789, thanks');
    expect(text).toBe('My PIN is [redacted:pin] and my SSN is [redacted:ssn], thanks');
  });

  it('rejects a card that fails Luhn and an IBAN with a wrong checksum', () => {
    expect(redactSecrets('card 4111 1111 1111 1112').found).toEqual([]);
    expect(redactSecrets('IBAN GB83 WEST 1234 5698 7654 32').found).toEqual([]);
  });

  it('scans 200,000 characters of hostile input and finishes', () => {
    const chunks = [
      'a'.repeat(50_000),
      '1 '.repeat(20_000),
      'token='.repeat(5_000),
      'password is '.repeat(3_000),
      '-----BEGIN PRIVATE KEY-----'.repeat(500),
      'eyJ'.repeat(5_000),
    ];
    const big = chunks.join(' ').slice(0, 200_000).padEnd(200_000, 'x');
    const { text } = redactSecrets(`sk_live_${alnum(30, 24)} ${big}`);
    expect(text.startsWith('[redacted:stripe_key] ')).toBe(true);
    // The unterminated PEM header runs to the end of the text and is redacted with it.
    expect(text).toContain('[redacted:private_key]');
    expect(text).not.toContain('-----BEGIN PRIVATE KEY-----');
  });
});
