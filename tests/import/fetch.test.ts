import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress } from '../../src/import/address.ts';
import { decodePage } from '../../src/import/decode.ts';
import { fetchPage, MAX_PAGE_BYTES, USER_AGENT, type FetchOptions } from '../../src/import/fetch.ts';
import { startPageServer, type PageServer } from './page-server.ts';

let server: PageServer;
beforeAll(async () => {
  server = await startPageServer();
});
afterAll(async () => {
  await server.close();
});

/** The fetch as the importer does it, with only the test server's own address let through. */
const LOCAL: FetchOptions = { allowPrivateAddressesForTests: ['127.0.0.1'] };

async function refusal(url: string, options: FetchOptions = LOCAL): Promise<string> {
  const error = await fetchPage(url, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${url} was fetched`).toBeInstanceOf(Error);
  return (error as Error).message;
}

describe('fetching a page safely', () => {
  it('follows a redirect chain and says where the page came from', async () => {
    const page = await fetchPage(`${server.base}/r/1`, LOCAL);
    expect(page.redirects).toEqual([`${server.base}/r/1`, `${server.base}/r/2`, `${server.base}/r/3`]);
    expect(page.url).toBe(`${server.base}/pages/jsonld-newsarticle.html?utm_source=newsletter`);
    expect(page.mediaType).toBe('text/html');
    expect(page.bytes.toString()).toContain('Harbour tunnel opens');
  });

  it('refuses a redirect to a private address, without requesting it', async () => {
    expect(await refusal(`${server.base}/to-private`)).toContain('10.20.30.40 is a private-network address');
  });

  it('refuses a redirect to the link-local cloud metadata address', async () => {
    expect(await refusal(`${server.base}/to-metadata`)).toContain('169.254.169.254 is a link-local address');
  });

  it('refuses a redirect to a host name that resolves to a private address', async () => {
    const resolve = async (host: string) => (host === 'intranet.example' ? ['192.168.1.20'] : []);
    expect(await refusal(`${server.base}/to-host?host=intranet.example`, { ...LOCAL, resolve })).toContain('intranet.example is at 192.168.1.20, a private-network address');
  });

  it('refuses a host when any of its addresses is private, not only the first', async () => {
    const resolve = async () => ['127.0.0.1', '10.0.0.5'];
    expect(await refusal(`http://mixed.example:${server.port}/pages/amp.html`, { ...LOCAL, resolve })).toContain('at 10.0.0.5');
  });

  it('connects to the address it checked, not to whatever a second lookup says', async () => {
    // news.example exists in no DNS: the page can only come through the vetted address.
    const resolve = async (host: string) => (host === 'news.example' ? ['127.0.0.1'] : []);
    const page = await fetchPage(`http://news.example:${server.port}/pages/amp.html`, { ...LOCAL, resolve });
    expect(page.bytes.toString()).toContain('Court strikes down');
  });

  it('refuses loopback in every spelling unless a test lets that exact address through', async () => {
    expect(await refusal(`${server.base}/pages/amp.html`, {})).toContain('127.0.0.1 is a loopback (this machine) address');
    expect(await refusal(`http://2130706433:${server.port}/pages/amp.html`, {})).toContain('loopback');
    expect(await refusal(`http://0x7f.1:${server.port}/pages/amp.html`, {})).toContain('loopback');
    expect(await refusal(`http://[::1]:${server.port}/pages/amp.html`, LOCAL)).toContain('::1 is a loopback');
    expect(await refusal(`http://[::ffff:127.0.0.1]:${server.port}/pages/amp.html`, {})).toContain('loopback');
    expect(await refusal(`http://localhost:${server.port}/pages/amp.html`, { resolve: async () => ['127.0.0.1', '::1'] })).toContain('loopback');
  });

  it('classifies only public unicast addresses as public', () => {
    for (const address of ['8.8.8.8', '93.184.216.34', '2606:4700:4700::1111']) expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      '127.0.0.1',
      '10.1.1.1',
      '172.16.0.1',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:10.0.0.1',
      'not an address',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  it('refuses schemes other than http and https, also after a redirect', async () => {
    expect(await refusal('file:///etc/passwd')).toContain('only http and https');
    expect(await refusal(`${server.base}/to-ftp`)).toContain('only http and https');
    expect(await refusal('http://user:secret@news.example/')).toContain('user name or password');
  });

  it('stops after five redirects', async () => {
    expect(await refusal(`${server.base}/loop/0`)).toContain('more than 5 redirects');
  });

  it('gives up on a page that never finishes, at the total time limit', async () => {
    expect(await refusal(`${server.base}/slow`, { ...LOCAL, timeoutMs: 300 })).toContain('did not send the page within 0.3 s');
  });

  it('stops reading a page that streams past 5 MB', async () => {
    const before = server.requests.length;
    expect(await refusal(`${server.base}/huge`)).toContain(`larger than ${MAX_PAGE_BYTES / 1024 / 1024} MB`);
    expect(server.requests.length).toBe(before + 1);
  });

  it('refuses a page that announces more than 5 MB before reading it', async () => {
    expect(await refusal(`${server.base}/huge-declared`)).toContain('larger than 5 MB');
  });

  it('refuses what is not HTML or text', async () => {
    expect(await refusal(`${server.base}/pdf`)).toContain('application/pdf, not a web page');
  });

  it('reads a gzip-compressed page', async () => {
    const page = await fetchPage(`${server.base}/gzip`, LOCAL);
    expect(page.bytes.toString()).toContain('Storm Leona');
  });

  it('says what the site answered when it is not the page', async () => {
    expect(await refusal(`${server.base}/missing`)).toContain('answered 404 (no such page)');
  });

  it('says who is asking in its User-Agent', async () => {
    await fetchPage(`${server.base}/pages/amp.html`, LOCAL);
    expect(server.userAgent()).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(/^factdesk/);
  });
});

describe('reading the charset', () => {
  const expected = 'à l’Assemblée nationale';

  it('takes the page’s meta charset when the header has none (windows-1252 quotes included)', async () => {
    const page = await fetchPage(`${server.base}/latin1`, LOCAL);
    expect(page.charset).toBeUndefined();
    expect(decodePage(page.bytes, page.charset).text).toContain(expected);
  });

  it('reads UTF-8 bytes as UTF-8 when the server labels them ISO-8859-1', async () => {
    const page = await fetchPage(`${server.base}/mislabelled`, LOCAL);
    expect(page.charset).toBe('iso-8859-1');
    const { text } = decodePage(page.bytes, page.charset);
    expect(text).toContain(expected);
    expect(text).not.toContain('â€');
  });
});
