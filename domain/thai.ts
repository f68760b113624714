/** Thai digits (๐-๙) appear anywhere in Thai official documents; arithmetic needs Arabic ones. */
const THAI_ZERO = 0x0e50;

export function thaiToArabicDigits(text: string): string {
  return text.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - THAI_ZERO));
}

export function arabicToThaiDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(THAI_ZERO + Number(d)));
}
