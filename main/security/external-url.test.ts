import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from './external-url';

describe('isAllowedExternalUrl', () => {
  const allowed: readonly string[] = [
    'https://www.openstreetmap.org/?mlat=40.7128&mlon=-74.0060#map=16/40.7128/-74.0060',
    'https://maps.google.com/?q=40.7128,-74.0060',
    'https://www.google.com/maps/search/?api=1&query=40.7128%2C-74.0060',
    'https://example.com',
    'https://example.com/help/billing?topic=lop',
    'https://example.com:8443/portal',
    'https://xn--mnchen-3ya.de/',
    'HTTPS://Example.com/',
    'mailto:billing@clinic.example',
    'mailto:billing@clinic.example,front.desk@clinic.example',
    'mailto:billing@clinic.example?subject=Statement%20question&body=Hello',
    'mailto:billing@clinic.example?cc=a@clinic.example&bcc=b@clinic.example',
    'tel:+1-555-010-0199',
    'tel:5550100199',
    'tel:(555)010-0199',
    'tel:+15550100199;ext=42',
  ];
  it.each(allowed)('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  const refused: ReadonlyArray<readonly [string, unknown]> = [
    ['javascript', 'javascript:alert(document.cookie)'],
    ['javascript, mixed case', 'JaVaScRiPt:alert(1)'],
    ['javascript with leading space', ' javascript:alert(1)'],
    ['javascript with embedded tab', 'java\tscript:alert(1)'],
    ['file', 'file:///C:/Windows/System32/calc.exe'],
    ['file UNC', 'file://attacker/share/payload.exe'],
    ['plain http', 'http://example.com/'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['blob', 'blob:https://example.com/uuid'],
    ['vbscript', 'vbscript:msgbox(1)'],
    ['ms protocol handler', 'ms-msdt:/id PCWDiagnostic'],
    ['search-ms', 'search-ms:query=invoice&crumb=location:\\\\attacker\\share'],
    ['smb', 'smb://attacker/share'],
    ['ftp', 'ftp://example.com/'],
    ['our own app', 'app://medora/'],
    ['https without slashes', 'https:evil.example'],
    ['https with one slash', 'https:/evil.example'],
    ['https with backslashes', 'https:\\\\evil.example'],
    ['backslash in path', 'https://example.com\\@evil.example/'],
    ['credentials', 'https://user@evil.example/'],
    ['credentials with password', 'https://user:pass@evil.example/'],
    ['look-alike credentials', 'https://www.openstreetmap.org@evil.example/'],
    ['empty credentials', 'https://@evil.example/'],
    ['encoded at-sign stays in host', 'https://bank.example%40evil.example/'],
    ['leading whitespace', ' https://example.com/'],
    ['trailing newline', 'https://example.com/\n'],
    ['embedded newline', 'https://exa\nmple.com/'],
    ['NUL', 'https://example.com/\u0000'],
    ['non-ASCII look-alike host', 'https://www.оpenstreetmap.org/'],
    ['unicode dot', 'https://example。com/'],
    ['empty', ''],
    ['not a url', 'openstreetmap.org'],
    ['protocol-relative', '//evil.example/'],
    ['too long', `https://example.com/${'a'.repeat(3000)}`],
    ['not a string', 42],
    ['null', null],
    ['object', { href: 'https://example.com/' }],
    ['mailto without address', 'mailto:'],
    ['mailto with attachment', 'mailto:billing@clinic.example?attach=C:/Users/me/secrets.txt'],
    ['mailto with attachment, other spelling', 'mailto:billing@clinic.example?Attachment=/etc/passwd'],
    ['mailto not an address', 'mailto:billing'],
    ['mailto with space', 'mailto:bill ing@clinic.example'],
    ['mailto opaque slashes', 'mailto://evil.example/'],
    ['tel with letters', 'tel:1-800-FLOWERS'],
    ['tel with query', 'tel:+15550100199?x=1'],
    ['tel empty', 'tel:'],
    ['tel with script', 'tel:javascript:alert(1)'],
  ];
  it.each(refused)('refuses %s', (_name, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
