/**
 * The short name people use for an Indonesian time zone (WIB/WITA/WIT), the IANA name elsewhere: the label shown
 * next to local times by the server's pages and texts and by the web app (config.timeZone → "WITA").
 */
export function timeZoneLabel(timeZone: string): string {
  switch (timeZone) {
    case 'Asia/Jakarta':
    case 'Asia/Pontianak':
      return 'WIB';
    case 'Asia/Makassar':
      return 'WITA';
    case 'Asia/Jayapura':
      return 'WIT';
    default:
      return timeZone;
  }
}
