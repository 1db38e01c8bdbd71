import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Steady load for bench/worker-rss.sh: MANAGED users on db-users, then requests on cert-requests at a fixed rate.
 * Usage: java -cp worker/target/cert-worker.jar bench/SteadyLoad.java BOOTSTRAP RATE_PER_SECOND SECONDS
 */
public class SteadyLoad {
    static final String GROUP = "5efda6aea3f2ed2e7dd6ce05";
    static final int USERS = 64;

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int rate = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrap);
        properties.put("linger.ms", "5");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (int user = 0; user < USERS; user++) {
                producer.send(new ProducerRecord<>("db-users", GROUP + "/user" + user, "{\"groupId\":\"" + GROUP
                        + "\",\"username\":\"user" + user + "\",\"databaseName\":\"$external\",\"x509Type\":\"MANAGED\"}"));
            }
            producer.flush();
            long start = System.nanoTime();
            long sent = 0;
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
                for (; sent < due; sent++) {
                    String user = "user" + (sent % USERS);
                    producer.send(new ProducerRecord<>("cert-requests", GROUP + "/" + user, "{\"groupId\":\"" + GROUP
                            + "\",\"username\":\"" + user + "\",\"monthsUntilExpiration\":3}"));
                }
                Thread.sleep(10);
            }
            producer.flush();
            System.out.println("sent " + sent + " requests in " + seconds + " s");
        }
    }
}
