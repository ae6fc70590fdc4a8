package io.apiguard.support.edge;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A body that is not the JSON an operation takes gets a 400 problem naming where it went wrong, like every other
 * refusal: an array where an object belongs, a string for a number, nesting past Jackson's depth bound, a document cut
 * short. Quarkus' own mapper for mismatched input answers an empty 400, and its reason would echo the caller's input;
 * these take precedence and say only what kind of mistake it is and where.
 */
public class JsonProblems {

    @ServerExceptionMapper(priority = Priorities.USER - 1000)
    public Response mismatched(MismatchedInputException e) {
        return BadRequests.of("the body does not have the shape this operation takes" + where(e));
    }

    @ServerExceptionMapper(priority = Priorities.USER - 1000)
    public Response tooLarge(StreamConstraintsException e) {
        return BadRequests.of("the body exceeds a JSON limit (nesting depth, number or string length)");
    }

    @ServerExceptionMapper(priority = Priorities.USER - 1000)
    public Response unreadable(JsonProcessingException e) {
        return BadRequests.of("the body is not valid JSON" + where(e));
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " (line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
    }
}
