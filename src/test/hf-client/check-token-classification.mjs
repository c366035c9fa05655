// Calls SeqTag's Hugging Face-compatible route with the official Hugging Face JavaScript client,
// exactly as code written for the Hugging Face Inference API would, and checks what comes back.
//
//   node check-token-classification.mjs http://localhost:8080/hf/token-classification
//
// Prints one JSON object (the text sent and every answer) on stdout; exits 1 when an answer breaks
// the contract. HfClientEndToEndTest runs it against a live service and asserts on the output.
import { InferenceClient } from "@huggingface/inference";

const url = process.argv[2];
if (!url) {
  console.error("usage: node check-token-classification.mjs <endpoint URL>");
  process.exit(2);
}

// Characters outside the Basic Multilingual Plane before each entity: offsets must count code
// points (Python indices), so JavaScript has to slice by code point, not by string index.
const text = "\u{1F389}\u{1F44D} Anna Berg visited Oslo on Friday. \u{1F680} Acme Corp hired Tom Lund in Paris .";
const codePoints = Array.from(text);

// A custom endpoint, no token: the client sends no Authorization header and no model id.
const client = new InferenceClient().endpoint(url);
// The client retries a 503 at once and forever by default; a test must not hang on one.
const options = { retry_on_error: false };

const problems = [];
function check(name, groups) {
  if (!Array.isArray(groups) || groups.length === 0) {
    problems.push(`${name}: expected a non-empty array, got ${JSON.stringify(groups)}`);
    return;
  }
  for (const group of groups) {
    const slice = codePoints.slice(group.start, group.end).join("");
    if (slice !== group.word) {
      problems.push(`${name}: code points ${group.start}..${group.end} are "${slice}", not "${group.word}"`);
    }
    if (!(group.score >= 0 && group.score <= 1)) {
      problems.push(`${name}: score ${group.score} is not a probability`);
    }
  }
}

const answers = {};
answers.default = await client.tokenClassification({ inputs: text }, options);
check("default", answers.default);
for (const strategy of ["simple", "first", "average", "max"]) {
  answers[strategy] = await client.tokenClassification(
    { inputs: text, parameters: { aggregation_strategy: strategy } }, options);
  check(strategy, answers[strategy]);
}
answers.ignorePeople = await client.tokenClassification(
  { inputs: text, parameters: { ignore_labels: ["O", "PER"] } }, options);
check("ignorePeople", answers.ignorePeople);

// The client accepts only grouped answers (it checks for entity_group), as the hosted API's
// default is: aggregation "none" has to be read without it. Record what it says.
try {
  await client.tokenClassification({ inputs: text, parameters: { aggregation_strategy: "none" } }, options);
  answers.noneThroughClient = "accepted";
} catch (error) {
  answers.noneThroughClient = `${error.name}: ${error.message}`;
}

// Our errors must reach the caller as the client's own error, with our detail in its message.
try {
  await client.tokenClassification({ inputs: "   " }, options);
  problems.push("blank inputs were accepted");
} catch (error) {
  answers.blankInputError = { name: error.name, status: error.httpResponse?.status, message: error.message };
}

console.log(JSON.stringify({ text, answers }));
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
