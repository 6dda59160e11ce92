package com.headshotpro.webhooks.transport;

import com.headshotpro.webhooks.transport.ResponseHeadBudget.HeadTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.impl.io.DefaultHttpResponseParser;
import org.apache.hc.core5.http.io.SessionInputBuffer;

/**
 * Parses a response head (status line and headers), counting every line it reads against its
 * connection's {@link ResponseHeadBudget}: every 1xx interim response and the final response of one
 * exchange draw on the same 16 KiB. Over it, or over httpcore's own limits ({@link
 * BoundedClientConnection#HTTP1_CONFIG}), the attempt ends with {@link HeadTooLargeException}.
 */
final class BoundedResponseParser extends DefaultHttpResponseParser {

    private final ResponseHeadBudget budget;

    BoundedResponseParser(ResponseHeadBudget budget) {
        super(BoundedClientConnection.HTTP1_CONFIG);
        this.budget = budget;
    }

    @Override
    public ClassicHttpResponse parse(SessionInputBuffer buffer, InputStream inputStream)
            throws IOException, HttpException {
        try {
            return super.parse(budget.head(buffer), inputStream);
        } catch (MessageConstraintException e) {
            throw e instanceof HeadTooLargeException tooLarge ? tooLarge : new HeadTooLargeException();
        }
    }
}
