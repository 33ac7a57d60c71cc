//! Re-OCR of scanned or garbled PDF pages with Tesseract (kaz+rus) via pdftoppm.
