package org.gerenb.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.gerenb.model.EmbeddedModelTest;
import org.junit.jupiter.api.Test;

/** A recording judge answers as the plain one and writes down exactly the ids it fed the model. */
class TranscriptTest extends EmbeddedModelTest {

    @Test
    void scoresAndCompletionsAreRecordedAsTheIdsTheModelSaw() {
        ModelJudge plain = new ModelJudge(model, tokenizer, 4, 5, 8);
        Transcript transcript = new Transcript();
        ModelJudge recording = plain.recordingInto(transcript);
        List<String> prompts = List.of("The river ran past the old mill and the", "Answer: yes or no?");
        List<String> continuations = List.of(" town", " yes");
        transcript.part("ranking");
        double[] recorded = recording.logLikelihoods(prompts, continuations);
        assertArrayEquals(plain.logLikelihoods(prompts, continuations), recorded, 0);
        transcript.part("generation");
        List<String> completions = recording.generate(prompts);
        assertEquals(plain.generate(prompts), completions);

        assertEquals(new Transcript.Generation(5, tokenizer.eosId(), tokenizer.padId()), transcript.generation());
        assertEquals(2, transcript.scored().size());
        Transcript.Scored first = transcript.scored().get(0);
        assertEquals("ranking", first.part());
        assertArrayEquals(plain.source(prompts.get(0)), first.prompt(), "the prompt as cut to 8 tokens, BOS first");
        assertEquals(8, first.prompt().length);
        assertArrayEquals(tokenizer.encodePlain(" town"), first.continuation());
        assertEquals(recorded[0], first.logLikelihood(), 0);
        Transcript.Generated generated = transcript.generated().get(1);
        assertEquals("generation", generated.part());
        assertEquals(completions.get(1), tokenizer.decode(generated.output()));
    }
}
