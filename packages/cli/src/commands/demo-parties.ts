import type { Party } from '@kpx/domain';

/**
 * Invented but plausible rough-diamond traders per Participant (trading-house names, real
 * districts: Antwerp's diamond quarter, Dubai's DMCC, Surat and Mumbai's Bharat Diamond Bourse).
 * None is a real company.
 */
const traders: Readonly<Record<string, readonly Party[]>> = Object.freeze({
  RU: [
    {
      name: 'Lena Rough Export JSC',
      address: '14 Lenin Avenue, Mirny, 678170 Sakha (Yakutia), Russian Federation',
      licence: 'RU-EXP-2026-0147',
    },
    {
      name: 'Vilyuy Diamond Trading LLC',
      address: '3 Ordzhonikidze Street, Yakutsk, 677000, Russian Federation',
      licence: 'RU-EXP-2026-0311',
    },
  ],
  EU: [
    {
      name: 'Hoveniers Rough Trading BV',
      address: 'Hoveniersstraat 30, 2018 Antwerpen, Belgium',
      licence: 'BE-DIA-48213',
    },
    {
      name: 'Schupstraat Diamonds NV',
      address: 'Schupstraat 21, 2018 Antwerpen, Belgium',
      licence: 'BE-DIA-50977',
    },
  ],
  AE: [
    {
      name: 'Almas Rough Tenders DMCC',
      address: 'Almas Tower, Jumeirah Lakes Towers, Dubai, United Arab Emirates',
      licence: 'DMCC-RD-20871',
    },
    {
      name: 'Gulf Rough Assortment DMCC',
      address: 'Diamond Exchange, Almas Tower, Dubai, United Arab Emirates',
      licence: 'DMCC-RD-31204',
    },
  ],
  IN: [
    {
      name: 'Varachha Rough Imports Pvt Ltd',
      address: 'Mini Bazar, Varachha Road, Surat 395006, Gujarat, India',
      licence: 'GJEPC-KP-11842',
    },
    {
      name: 'Bourse Rough Traders Pvt Ltd',
      address: 'Bharat Diamond Bourse, Bandra Kurla Complex, Mumbai 400051, India',
      licence: 'GJEPC-KP-20563',
    },
  ],
  BY: [
    {
      name: 'Minsk Rough Cutting OJSC',
      address: '22 Pobediteley Avenue, Minsk 220004, Belarus',
      licence: 'BY-KP-0042',
    },
  ],
  IL: [{ name: 'Ramat Gan Rough Ltd', address: '54 Bezalel Street, Ramat Gan, Israel' }],
  CN: [{ name: 'Pudong Rough Diamonds Co Ltd', address: '1701 Century Avenue, Shanghai, China' }],
  US: [{ name: 'West 47th Rough LLC', address: '30 West 47th Street, New York, NY 10036, USA' }],
  TH: [{ name: 'Silom Gem Rough Co Ltd', address: '919 Silom Road, Bangkok 10500, Thailand' }],
  CH: [{ name: 'Léman Rough SA', address: 'Rue du Rhône 8, 1204 Genève, Switzerland' }],
  BW: [
    {
      name: 'Gaborone Rough Sales (Pty) Ltd',
      address: 'Plot 63, Diamond Park, Gaborone, Botswana',
      licence: 'BW-DL-0193',
    },
  ],
  ZA: [
    {
      name: 'Kimberley Rough Exports (Pty) Ltd',
      address: '7 Bultfontein Road, Kimberley 8301, South Africa',
      licence: 'ZA-SDT-4410',
    },
  ],
  AO: [
    {
      name: 'Lunda Diamantes Comércio Lda',
      address: 'Rua Rainha Ginga 87, Luanda, Angola',
      licence: 'AO-SODIAM-0871',
    },
  ],
  NA: [
    {
      name: 'Namib Rough Sales (Pty) Ltd',
      address: '10 Dr Frans Indongo Street, Windhoek, Namibia',
      licence: 'NA-DL-0027',
    },
  ],
  CA: [
    {
      name: 'Yellowknife Rough Inc',
      address: '4920 52nd Street, Yellowknife, NT X1A 3T1, Canada',
      licence: 'CA-KP-1178',
    },
  ],
});

/** The `k`-th trader of a Participant (cycling), or a generic one for a Participant not listed. */
export function traderOf(participant: string, k: number): Party {
  const list = traders[participant];
  const party =
    list === undefined || list.length === 0 ? undefined : list[Math.abs(k) % list.length];
  return party === undefined
    ? {
        name: `Rough Diamond Traders (${participant})`,
        address: `1 Bourse Street, ${participant}`,
      }
    : { ...party };
}
