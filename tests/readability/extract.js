// Prints Mozilla Readability's main text of an HTML file: node extract.js FILE URL
const fs = require('fs');
const { JSDOM } = require('jsdom');
const { Readability } = require('@mozilla/readability');
const [file, url] = process.argv.slice(2);
const dom = new JSDOM(fs.readFileSync(file, 'utf8'), { url });
const article = new Readability(dom.window.document).parse();
process.stdout.write(article ? article.textContent : '');
