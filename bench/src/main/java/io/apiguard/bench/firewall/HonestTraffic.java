package io.apiguard.bench.firewall;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Honest JSON API traffic for counting false positives: the calls of a shop's and a help desk's API, with the text
 * people really type (names with apostrophes and accents, addresses, delivery notes, markdown comments with tables and
 * code, search queries with quotes and ampersands), prices, e-mails, ISO dates and base64 attachments. Generated from
 * a fixed seed, so every run sends the same requests.
 */
public final class HonestTraffic {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static final String[] FIRST_NAMES = {
        "Siobhán",
        "José",
        "Zoë",
        "Aoife",
        "Chloé",
        "Dmitri",
        "Mary-Jane",
        "Li",
        "Oluwaseun",
        "François",
        "Ana Lúcia",
        "Bjørn",
        "Priya",
        "Seán",
        "Renée",
        "Mohammed",
        "Grace",
        "Jürgen",
        "Hana",
        "D'Arcy"
    };
    private static final String[] LAST_NAMES = {
        "O'Brien",
        "D'Angelo",
        "O'Connor",
        "Smith-Jones",
        "van der Berg",
        "Nguyễn",
        "Müller",
        "L'Estrange",
        "McDonald",
        "de la Cruz",
        "Ó Súilleabháin",
        "Kowalski",
        "N'Diaye",
        "St. John",
        "O'Neill",
        "Dell'Acqua",
        "García Márquez",
        "Okafor",
        "Al-Hashimi",
        "Van Dyke"
    };
    private static final String[] STREETS = {
        "12 Rue de l'Église", "221B Baker Street", "Flat 3, 45 King's Road", "1600 Amphitheatre Pkwy",
        "Apt. #4 - 77 Main St.", "Unit 12/3 O'Connell St", "Calle de Alcalá, 48, 3º izq.", "Hauptstraße 5a",
        "PO Box 1024", "Lot 7, Route 66 (rear entrance)", "c/o Mrs. O'Hara, 9 St. Mary's Lane", "Via dell'Orso 28"
    };
    private static final String[] CITIES = {
        "Dublin",
        "Paris",
        "London",
        "Mountain View",
        "Springfield",
        "Sydney",
        "Madrid",
        "München",
        "Québec",
        "Saint-Étienne",
        "Rome",
        "Kraków"
    };
    private static final String[] NOTES = {
        "Please ring the bell twice; the intercom doesn't work.",
        "Leave it with the neighbour at no. 12 if I'm out.",
        "Customer asked: can we deliver before 9am? Said yes.",
        "Refund approved -- see ticket #4821 (damaged in transit).",
        "I'd like to exchange it for the blue one, or a size 10 if that's easier.",
        "Order 3 x 'Classic' mugs & 1 x teapot, gift-wrapped please!",
        "Gate code is 4#21*; parcel box is behind the bins.",
        "She said \"don't call after 6pm\" -- e-mail only.",
        "Allergies: nuts, shellfish. Tel. +44 (0)20 7946 0958",
        "Back order: 50% now, 50% when the rest ships (ETA 2024-07-15).",
        "Could you drop the table from the order? We only need the chairs.",
        "Select the express option at checkout and we'll refund the difference.",
        "Called at 10:15, no answer; will try again tomorrow.",
        "Delivered to reception <front desk>, signed by J. O'Reilly.",
        "Price match with competitor: £19.99 vs our £24.99 — approved by Sam.",
        "Customer is union rep for the warehouse staff; select carefully who calls back.",
        "Use the side door (the one with the green sign) & mind the dog :)",
        "Wants invoices in PDF, addressed to \"Acme & Sons Ltd.\"",
        "1/2 price offer applied; coupon SPRING-24 isn't stackable.",
        "Was charged twice?? Please check & reverse one of the payments."
    };
    private static final String[] COMMENTS = {
        "## Steps to reproduce\n1. Open the app\n2. Tap **Pay**\n3. See `Error 0x80070005`\n\n"
                + "Expected: the payment goes through. See [status page](https://status.example.com/incidents/42).",
        "| id | status | owner |\n|---|---|---|\n| 4821 | open | sam |\n| 4822 | closed | alex |",
        "Tried again with `curl -X POST https://api.example.com/v1/orders` and got a 502.\n\n> Is the gateway down?",
        "Works for me on *Firefox 126*; on Safari the \"Save\" button does nothing. Screenshot attached.",
        "Fixed in v2.3.1 -- the total now rounds to 2 decimals (was 19.989999).",
        "- [x] refund issued\n- [ ] apology e-mail\n- [ ] follow-up call on Monday",
        "The customer's name is O'Brien, not OBrien; please fix the label & re-print.",
        "Logs:\n```\n2024-05-02T10:15:31Z WARN payment timeout after 30s (order=1044)\n```",
        "Escalating to tier 2. @maria can you take a look? It's the 3rd time this week.",
        "Can't reproduce. Steps: log in > Orders > #1044 > Download invoice. PDF opens fine."
    };
    private static final String[] SEARCHES = {
        "red shoes size 10",
        "o'neill wetsuit",
        "usb-c charger 65w",
        "café au lait mug",
        "5\" tablet case",
        "tom & jerry dvd",
        "100% cotton t-shirt",
        "c++ programming book",
        "\"noise cancelling\" headphones",
        "kid's bike 16 inch",
        "garden hose 25m",
        "rock'n'roll vinyl",
        "A4 paper (500 sheets)",
        "iphone 15 case -pink",
        "men's boots, brown",
        "best price 4k tv",
        "lego star wars",
        "dell'anno olive oil",
        "size 8 1/2",
        "what's new"
    };
    private static final String[] USER_AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "okhttp/4.12.0",
        "shop-app/3.2.1 (Android 14; Pixel 8)",
        "python-requests/2.31.0",
        "Go-http-client/1.1"
    };
    private static final String[] PRODUCTS = {
        "Classic mug",
        "Earl Grey tea (250g)",
        "Men's rain jacket - navy",
        "USB-C cable 2m",
        "Kids' wellies",
        "Chef's knife 20cm",
        "\"Hello\" doormat",
        "Garden chair & cushion"
    };

    private HonestTraffic() {}

    /** {@code count} requests, the same ones for the same count. */
    public static List<CorpusRequest> generate(int count) {
        SplittableRandom random = new SplittableRandom(16);
        List<CorpusRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(request(i, random));
        }
        return requests;
    }

    private static CorpusRequest request(int n, SplittableRandom random) {
        String id = "honest-" + n;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "api.example.com");
        headers.put("User-Agent", pick(random, USER_AGENTS));
        headers.put("Accept", "application/json");
        headers.put("Accept-Language", random.nextBoolean() ? "en-GB,en;q=0.9" : "fr-FR,fr;q=0.8,en;q=0.5");
        headers.put("Authorization", "Bearer " + token(random));
        return switch (n % 8) {
            case 0 ->
                get(
                        id,
                        headers,
                        "/api/v1/products?q=" + query(pick(random, SEARCHES)) + "&page=" + (1 + random.nextInt(20))
                                + "&sort=price&order=" + (random.nextBoolean() ? "asc" : "desc"));
            case 1 -> write(id, headers, "POST", "/api/v1/customers", customer(random));
            case 2 -> write(id, headers, "PUT", "/api/v1/orders/" + (1000 + random.nextInt(9000)), order(random));
            case 3 -> write(id, headers, "PATCH", "/api/v1/tickets/" + (4000 + random.nextInt(900)), ticket(random));
            case 4 -> write(id, headers, "POST", "/api/v1/documents", document(random));
            case 5 ->
                get(
                        id,
                        headers,
                        "/api/v1/customers?email=" + query(email(random)) + "&createdAfter=" + query(dateTime(random))
                                + "&limit=50");
            case 6 -> write(id, headers, "POST", "/api/v1/messages", message(random));
            default ->
                get(id, headers, "/api/v1/customers/" + UUID.nameUUIDFromBytes(new byte[] {(byte) n}) + "/orders");
        };
    }

    private static CorpusRequest get(String id, Map<String, String> headers, String uri) {
        return new CorpusRequest(id, CorpusRequest.HONEST, 0, 0, "uri", "GET", uri, headers, "");
    }

    private static CorpusRequest write(
            String id, Map<String, String> headers, String method, String uri, ObjectNode body) {
        headers.put("Content-Type", "application/json; charset=utf-8");
        try {
            return new CorpusRequest(
                    id, CorpusRequest.HONEST, 0, 0, "body", method, uri, headers, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serializes", e);
        }
    }

    private static ObjectNode customer(SplittableRandom random) {
        ObjectNode customer = JSON.createObjectNode();
        String first = pick(random, FIRST_NAMES);
        String last = pick(random, LAST_NAMES);
        customer.put("firstName", first);
        customer.put("lastName", last);
        customer.put("email", email(random));
        customer.put("phone", "+353 " + (80 + random.nextInt(10)) + " " + (1000000 + random.nextInt(8999999)));
        customer.put(
                "birthDate",
                LocalDate.of(1950 + random.nextInt(55), 1 + random.nextInt(12), 1 + random.nextInt(28))
                        .toString());
        customer.set("address", address(random));
        customer.put("notes", pick(random, NOTES));
        customer.put("marketingOptIn", random.nextBoolean());
        return customer;
    }

    private static ObjectNode address(SplittableRandom random) {
        ObjectNode address = JSON.createObjectNode();
        address.put("line1", pick(random, STREETS));
        if (random.nextInt(3) == 0) {
            address.put("line2", "Floor " + (1 + random.nextInt(9)) + ", Building " + (char) ('A' + random.nextInt(6)));
        }
        address.put("city", pick(random, CITIES));
        address.put(
                "postcode",
                (char) ('A' + random.nextInt(26)) + String.valueOf(10 + random.nextInt(89)) + " " + random.nextInt(10)
                        + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26)));
        address.put("country", pick(random, new String[] {"IE", "FR", "GB", "US", "ES", "DE", "AU", "IT"}));
        return address;
    }

    private static ObjectNode order(SplittableRandom random) {
        ObjectNode order = JSON.createObjectNode();
        ArrayNode items = order.putArray("items");
        int lines = 1 + random.nextInt(4);
        long cents = 0;
        for (int i = 0; i < lines; i++) {
            ObjectNode item = items.addObject();
            int quantity = 1 + random.nextInt(5);
            long unit = 199 + random.nextInt(9800);
            cents += quantity * unit;
            item.put("sku", "SKU-" + (10000 + random.nextInt(90000)));
            item.put("name", pick(random, PRODUCTS));
            item.put("quantity", quantity);
            item.put("unitPrice", String.format("%d.%02d", unit / 100, unit % 100));
        }
        order.put("currency", pick(random, new String[] {"EUR", "GBP", "USD"}));
        order.put("total", String.format("%d.%02d", cents / 100, cents % 100));
        order.put("deliveryNote", pick(random, NOTES));
        order.put("requestedDelivery", dateTime(random));
        order.set("shippingAddress", address(random));
        return order;
    }

    private static ObjectNode ticket(SplittableRandom random) {
        ObjectNode ticket = JSON.createObjectNode();
        ticket.put("status", pick(random, new String[] {"open", "pending", "resolved", "closed"}));
        ticket.put("priority", 1 + random.nextInt(4));
        ticket.put("comment", pick(random, COMMENTS));
        ticket.put("updatedAt", dateTime(random));
        ticket.putArray("tags").add("billing").add(random.nextBoolean() ? "app" : "web");
        return ticket;
    }

    private static ObjectNode document(SplittableRandom random) {
        ObjectNode document = JSON.createObjectNode();
        byte[] content = new byte[200 + random.nextInt(600)];
        random.nextBytes(content);
        document.put("fileName", pick(random, new String[] {"invoice-1044.pdf", "photo.jpg", "O'Brien contract.docx"}));
        document.put("contentType", pick(random, new String[] {"application/pdf", "image/jpeg", "application/msword"}));
        document.put("content", Base64.getEncoder().encodeToString(content));
        document.put("uploadedAt", dateTime(random));
        return document;
    }

    private static ObjectNode message(SplittableRandom random) {
        ObjectNode message = JSON.createObjectNode();
        message.put("to", email(random));
        message.put(
                "subject", "Re: your order #" + (1000 + random.nextInt(9000)) + " (" + pick(random, PRODUCTS) + ")");
        message.put(
                "body",
                "Hi " + pick(random, FIRST_NAMES) + ",\n\n" + pick(random, NOTES) + "\n\n"
                        + pick(random, COMMENTS) + "\n\nKind regards,\n" + pick(random, FIRST_NAMES) + " "
                        + pick(random, LAST_NAMES));
        message.put("sendAt", dateTime(random));
        return message;
    }

    private static String email(SplittableRandom random) {
        String local = pick(random, FIRST_NAMES).toLowerCase().replaceAll("[^a-z]", "") + "."
                + pick(random, LAST_NAMES).toLowerCase().replaceAll("[^a-z']", "");
        return local + (random.nextBoolean() ? "+shop" : "") + "@"
                + pick(random, new String[] {"example.com", "mail.example.org", "example.ie"});
    }

    private static String dateTime(SplittableRandom random) {
        return OffsetDateTime.of(
                        2024,
                        1 + random.nextInt(12),
                        1 + random.nextInt(28),
                        random.nextInt(24),
                        random.nextInt(60),
                        random.nextInt(60),
                        0,
                        ZoneOffset.UTC)
                .toString();
    }

    private static String token(SplittableRandom random) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        byte[] signature = new byte[64];
        random.nextBytes(signature);
        String claims = "{\"sub\":\"user-" + random.nextInt(100000) + "\",\"scope\":\"orders:write customers:read\","
                + "\"exp\":" + (1_714_000_000L + random.nextInt(1_000_000)) + "}";
        return url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + url.encodeToString(signature);
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String pick(SplittableRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
