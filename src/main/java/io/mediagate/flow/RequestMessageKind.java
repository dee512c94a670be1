package io.mediagate.flow;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsMessage;

import java.util.Optional;

/**
 * A request on the queue is JSON in a text or bytes message (an AMQP 1.0 string or data section arrives as one of
 * these). Any other kind is refused without its body being read: an object message's body is read by Java
 * deserialization of what the client sent, and a stream message's could not be read as text at all (it failed its
 * conversion and went unanswered). The requests endpoint hands the JMS message over as it came
 * ({@code mapJmsMessage=false}), so nothing reads a body before this does.
 */
final class RequestMessageKind {

    private RequestMessageKind() {
    }

    /** Why {@code in} cannot be a request, said without reading its body; empty for a text or bytes message. */
    static Optional<String> refused(Message in) {
        jakarta.jms.Message message = jmsMessage(in);
        if (message == null || message instanceof TextMessage || message instanceof BytesMessage) {
            return Optional.empty(); // a text or bytes message, or not from a JMS queue (a direct call: its body is what was given)
        }
        String kind = message instanceof ObjectMessage ? "a Java object message (not read: that would deserialize it)"
                : message instanceof MapMessage ? "a map message"
                : message instanceof StreamMessage ? "a stream message"
                : "a message without a body";
        return Optional.of("the request is " + kind + ": send its JSON in a text or bytes message");
    }

    /** The request's content as it came: a text message's text, a bytes message's bytes, else the body as given. */
    static Object content(Message in) throws JMSException {
        Object body = in.getBody();
        if (body instanceof TextMessage text) {
            return text.getText();
        }
        if (body instanceof BytesMessage bytes) {
            byte[] all = new byte[Math.toIntExact(bytes.getBodyLength())];
            bytes.readBytes(all);
            return all;
        }
        return body;
    }

    /** The JMS message, found without reading a body (asking Camel for a mapped body would extract it). */
    private static jakarta.jms.Message jmsMessage(Message in) {
        if (in instanceof JmsMessage jms && jms.getJmsMessage() != null) {
            return jms.getJmsMessage();
        }
        return in.getBody() instanceof jakarta.jms.Message unmapped ? unmapped : null;
    }
}
