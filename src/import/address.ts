import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { ImportError } from './errors.ts';

/**
 * Which addresses the importer may connect to: public unicast only. ipaddr.js classifies
 * an address into its IANA special-purpose range (loopback, private, link-local, unique
 * local, carrier-grade NAT, multicast, documentation, 6to4, ...); everything but plain
 * `unicast` is refused. An IPv4 address written as IPv6 (`::ffff:127.0.0.1`) is judged
 * as the IPv4 address it is.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast';
}

/** Resolves a host name to every address it has (what DNS says; IP literals are themselves). */
export type HostResolver = (host: string) => Promise<string[]>;

export const systemResolver: HostResolver = async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

export interface AddressPolicy {
  resolve: HostResolver;
  /**
   * Addresses let through although they are not public. For tests against a server on
   * 127.0.0.1 only: nothing a member or operator types can set it.
   */
  allowPrivateAddressesForTests?: readonly string[];
}

/** The host of a URL as a bare name or address (IPv6 without brackets). */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * The addresses of `host` that may be connected to, in DNS order. Refuses the host when
 * any of its addresses is not public, not only the first: a name with one public and one
 * private address would otherwise reach the private one on a retry.
 */
export async function vetHost(host: string, policy: AddressPolicy): Promise<string[]> {
  const allowed = new Set(policy.allowPrivateAddressesForTests ?? []);
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = await policy.resolve(host);
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new ImportError(`cannot find the site ${host} (${code === 'ENOTFOUND' ? 'no such host' : (code ?? 'DNS lookup failed')})`);
    }
  }
  if (addresses.length === 0) throw new ImportError(`cannot find the site ${host} (no address)`);
  const refused = addresses.find((a) => !allowed.has(a) && !isPublicAddress(a));
  if (refused !== undefined) {
    throw new ImportError(`${host} is ${refused === host ? 'a' : `at ${refused}, a`} ${describeRange(refused)} address, not a public web site`);
  }
  return addresses;
}

function describeRange(address: string): string {
  if (!ipaddr.isValid(address)) return 'non-public';
  const range = ipaddr.process(address).range();
  const words: Record<string, string> = {
    loopback: 'loopback (this machine)',
    private: 'private-network',
    linkLocal: 'link-local',
    uniqueLocal: 'private-network (unique local)',
    carrierGradeNat: 'carrier-grade NAT',
    unspecified: 'unspecified',
    multicast: 'multicast',
    broadcast: 'broadcast',
    reserved: 'reserved',
  };
  return words[range] ?? `non-public (${range})`;
}
