package io.onewindow.display.ws;

/**
 * The streams' figures at one instant, for {@code /metrics}. Immutable.
 *
 * @param displayWebSockets  display WebSockets connected now (gauge)
 * @param displaySse         display Server-Sent Event streams connected now (gauge)
 * @param trackWebSockets    phone (track) WebSockets connected now (gauge)
 * @param slowClientsCut     clients cut off because their write queue was full (counter)
 * @param snapshotsSent      Snapshot messages sent: first connections, resumes too old for the ring, resyncs
 *                           after a lag (counter)
 * @param eventsWritten      event messages written to display clients (counter)
 * @param messagesCompressed messages (events and Snapshots) compressed for display WebSockets with
 *                           permessage-deflate: each once per hall, shared by all such screens (counter)
 */
public record StreamStats(long displayWebSockets, long displaySse, long trackWebSockets, long slowClientsCut,
                          long snapshotsSent, long eventsWritten, long messagesCompressed) {

    /** Every stream client connected now. */
    public long connectedClients() {
        return displayWebSockets + displaySse + trackWebSockets;
    }
}
